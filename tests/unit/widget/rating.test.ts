import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createController } from '../../../server/widget/src/controller.ts';
import { createTranslator } from '../../../server/widget/src/i18n.ts';
import { memoryStore } from '../../../server/widget/src/storage.ts';
import { createView, type ViewHandlers, type ViewState } from '../../../server/widget/src/view.ts';
import { conversation, fakeConnection, fakeSessionFetch, message } from './helpers.ts';

const t = createTranslator();

function setup() {
  const link = fakeConnection();
  let n = 0;
  const controller = createController({
    server: 'https://chat.test',
    kv: memoryStore(),
    fetch: fakeSessionFetch({ token: 'tok', conversationId: null }).fetch,
    connect: () => link.conn,
    newId: () => `id-${++n}`,
    now: () => ++n,
    pageUrl: () => 'https://acme.test/',
    locale: 'en',
    t,
    warn: () => undefined,
    onChange: () => undefined,
  });
  return { controller, link, state: () => controller.state() };
}

async function endedChat(ctx: ReturnType<typeof setup>, overrides: Parameters<typeof conversation>[0] = {}) {
  ctx.link.respond((event) =>
    event === 'chat:start' ? { ok: true, data: { conversation: conversation({ status: 'active', agentName: 'Ada' }), messages: [] } } : { ok: false, error: 'internal' },
  );
  await ctx.controller.begin();
  ctx.controller.handlers.start({ name: 'Vera', email: 'vera@example.com' });
  await vi.waitFor(() => expect(ctx.state().phase).toBe('chat'));
  ctx.link.push('conversation:updated', conversation({ status: 'ended', agentName: 'Ada', endedAt: 5, ...overrides }));
}

describe('widget rating and seen (controller)', () => {
  afterEach(() => vi.useRealTimers());

  it('asks for a rating once the chat with an agent has ended, not while it runs', async () => {
    const ctx = setup();
    ctx.link.respond((event) =>
      event === 'chat:start' ? { ok: true, data: { conversation: conversation({ status: 'active', agentName: 'Ada' }), messages: [] } } : { ok: false, error: 'internal' },
    );
    await ctx.controller.begin();
    ctx.controller.handlers.start({ name: 'Vera', email: 'vera@example.com' });
    await vi.waitFor(() => expect(ctx.state().phase).toBe('chat'));
    expect(ctx.state().rate).toBeNull();
    ctx.link.push('conversation:updated', conversation({ status: 'ended', agentName: 'Ada', endedAt: 5 }));
    expect(ctx.state().rate).toBe('ask');
  });

  it('does not ask for a chat nobody took, nor for one already rated', async () => {
    const ctx = setup();
    await endedChat(ctx, { status: 'missed', agentName: null });
    expect(ctx.state().rate).toBeNull();
    ctx.link.push('conversation:updated', conversation({ status: 'ended', agentName: 'Ada', endedAt: 5, rated: true }));
    expect(ctx.state().rate).toBeNull();
  });

  it('sends chat:rate with the score and the trimmed comment, then thanks the visitor', async () => {
    const ctx = setup();
    await endedChat(ctx);
    ctx.link.respond((event) => (event === 'chat:rate' ? { ok: true, data: conversation({ status: 'ended', agentName: 'Ada', rated: true }) } : { ok: false, error: 'internal' }));
    ctx.controller.handlers.rate!(4, '  quick and kind ');
    await vi.waitFor(() => expect(ctx.state().rate).toBe('thanks'));
    expect(ctx.link.sent.filter((s) => s.event === 'chat:rate').map((s) => s.input)).toEqual([{ conversationId: 'c1', score: 4, comment: 'quick and kind' }]);
  });

  it('leaves an empty comment out', async () => {
    const ctx = setup();
    await endedChat(ctx);
    ctx.link.respond(() => ({ ok: true, data: conversation({ status: 'ended', agentName: 'Ada', rated: true }) }));
    ctx.controller.handlers.rate!(5, '   ');
    await vi.waitFor(() => expect(ctx.state().rate).toBe('thanks'));
    expect(ctx.link.sent.find((s) => s.event === 'chat:rate')?.input).toEqual({ conversationId: 'c1', score: 5 });
  });

  it('marks the visitor line the agent has read as seen, moving forward only', async () => {
    const ctx = setup();
    ctx.link.respond((event) =>
      event === 'chat:start'
        ? {
            ok: true,
            data: {
              conversation: conversation({ status: 'active', agentName: 'Ada', lastSeq: 3 }),
              messages: [message(1, { author: 'visitor', clientId: 'v1' }), message(2, { author: 'visitor', clientId: 'v2' }), message(3)],
            },
          }
        : { ok: false, error: 'internal' },
    );
    await ctx.controller.begin();
    ctx.controller.handlers.start({ name: 'Vera', email: 'vera@example.com' });
    await vi.waitFor(() => expect(ctx.state().phase).toBe('chat'));
    expect(ctx.state().seenKey).toBeUndefined();
    ctx.link.push('conversation:seen', { conversationId: 'c1', seq: 2 });
    expect(ctx.state().seenKey).toBe('v2');
    ctx.link.push('conversation:seen', { conversationId: 'c1', seq: 1 });
    expect(ctx.state().seenKey).toBe('v2');
  });
});

describe('widget rating (view)', () => {
  beforeEach(() => document.body.replaceChildren());

  function mount() {
    const handlers: ViewHandlers = { start: vi.fn(), send: vi.fn(() => true), end: vi.fn(), newChat: vi.fn(), rate: vi.fn() };
    const view = createView(document, t, 'en', handlers);
    document.body.append(view.host);
    const q = <E extends Element = HTMLElement>(id: string) => view.root.querySelector<E>(`[data-testid="${id}"]`)!;
    const all = (id: string) => [...view.root.querySelectorAll<HTMLButtonElement>(`[data-testid="${id}"]`)];
    return { view, handlers, q, all };
  }
  const ended = (overrides: Partial<ViewState> = {}): ViewState => ({
    phase: 'chat', status: 'ended', agentName: 'Ada', lines: [], formError: null, starting: false, notice: null, ...overrides,
  });

  it('offers five labelled star buttons; Send stays off until one is picked', () => {
    const { view, q, all } = mount();
    view.render(ended({ rate: 'ask' }));
    expect(q('sb-rate').hidden).toBe(false);
    expect(all('sb-star').map((b) => b.getAttribute('aria-label'))).toEqual(['1 of 5 stars', '2 of 5 stars', '3 of 5 stars', '4 of 5 stars', '5 of 5 stars']);
    expect(q<HTMLButtonElement>('sb-rate-send').disabled).toBe(true);
  });

  it('sends the picked score and the comment, and marks the picked star pressed', () => {
    const { view, handlers, q, all } = mount();
    view.render(ended({ rate: 'ask' }));
    all('sb-star')[2]!.click();
    expect(all('sb-star').map((b) => b.getAttribute('aria-pressed'))).toEqual(['false', 'false', 'true', 'false', 'false']);
    q<HTMLTextAreaElement>('sb-rate-comment').value = 'fine';
    q<HTMLButtonElement>('sb-rate-send').click();
    expect(handlers.rate).toHaveBeenCalledWith(3, 'fine');
  });

  it('thanks instead of asking after the rating, and shows neither while the chat runs', () => {
    const { view, q } = mount();
    view.render(ended({ rate: 'thanks' }));
    expect(q('sb-rate').hidden).toBe(true);
    expect(q('sb-rate-thanks').hidden).toBe(false);
    view.render(ended({ status: 'active', rate: null }));
    expect(q('sb-rate').hidden).toBe(true);
    expect(q('sb-rate-thanks').hidden).toBe(true);
  });

  it('writes "Seen" under the line the agent has read', () => {
    const { view, q } = mount();
    const line = (key: string) => ({ key, author: 'visitor' as const, authorName: null, body: key, pending: false, failed: false });
    view.render(ended({ status: 'active', lines: [line('a'), line('b')], seenKey: 'a' }));
    expect(q('sb-seen').textContent).toBe('Seen');
    expect(q('sb-seen').closest('li')?.querySelector('.body')?.textContent).toBe('a');
  });
});
