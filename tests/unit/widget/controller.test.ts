import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Ack } from '../../../protocol/ack.ts';
import { LIMITS } from '../../../protocol/limits.ts';
import { createController, type ControllerDeps } from '../../../server/widget/src/controller.ts';
import { createTranslator } from '../../../server/widget/src/i18n.ts';
import { memoryStore, type KeyValueStore } from '../../../server/widget/src/storage.ts';
import { DRAFT_PREFIX, OUTBOX_PREFIX, TOKEN_KEY } from '../../../server/widget/src/store.ts';
import { conversation, fakeConnection, fakeSessionFetch, message, translatorFor } from './helpers.ts';

function deps(link: ReturnType<typeof fakeConnection>, kv: KeyValueStore = memoryStore()): ControllerDeps {
  let n = 0;
  return {
    server: 'https://chat.test',
    kv,
    fetch: fakeSessionFetch({ token: 'tok-new', conversationId: null }).fetch,
    connect: () => link.conn,
    newId: () => `id-${++n}`,
    now: () => ++n,
    pageUrl: () => 'https://acme.test/pricing',
    locale: 'en',
    t: createTranslator(),
    warn: () => undefined,
    onChange: () => undefined,
  };
}

function setup(options: { kv?: KeyValueStore; conversationId?: string | null } = {}) {
  const kv = options.kv ?? memoryStore();
  const link = fakeConnection();
  const session = fakeSessionFetch({ token: 'tok-new', conversationId: options.conversationId ?? null });
  const controller = createController({ ...deps(link, kv), fetch: session.fetch });
  return { controller, kv, link, session, state: () => controller.state() };
}

/** Start a chat in a freshly loaded widget and wait until it shows. */
async function inChat(ctx: ReturnType<typeof setup>) {
  ctx.link.respond((event) => (event === 'chat:start' ? { ok: true, data: { conversation: conversation(), messages: [] } } : { ok: false, error: 'internal' }));
  await ctx.controller.begin();
  ctx.controller.handlers.start({ name: 'Ada', email: 'ada@example.com' });
  await vi.waitFor(() => expect(ctx.state().phase).toBe('chat'));
}

afterEach(() => {
  vi.useRealTimers();
});

describe('widget controller', () => {
  it('opens the session with the stored token, keeps the token it gets back, and connects', async () => {
    const kv = memoryStore();
    kv.set(TOKEN_KEY, 'tok-old');
    const { controller, session, link, state } = setup({ kv });

    await controller.begin();

    expect(session.requests).toEqual([{ url: 'https://chat.test/api/visitor/session', body: { token: 'tok-old' } }]);
    expect(kv.get(TOKEN_KEY)).toBe('tok-new');
    expect(link.conn.connected).toBe(true);
    expect(state().phase).toBe('form');
  });

  it('restores a chat after a reload: pulls the whole history, then re-sends the saved outbox', async () => {
    const kv = memoryStore();
    kv.set(OUTBOX_PREFIX + 'c1', JSON.stringify([{ clientId: 'unsent-1', conversationId: 'c1', body: 'are you there?', createdAt: 5 }]));
    const ctx = setup({ kv, conversationId: 'c1' });
    ctx.link.respond((event, input) => {
      if (event === 'sync:pull') return { ok: true, data: { conversation: conversation({ status: 'active', agentName: 'Ada', lastSeq: 2 }), messages: [message(1), message(2)] } };
      if (event === 'message:send' && 'clientId' in input) return { ok: true, data: message(3, { clientId: input.clientId, author: 'visitor', body: input.body }) };
      return { ok: false, error: 'internal' };
    });

    await ctx.controller.begin();

    await vi.waitFor(() => expect(kv.get(OUTBOX_PREFIX + 'c1')).toBeNull());
    expect(ctx.link.sent.map((c) => c.event)).toEqual(['sync:pull', 'message:send']);
    expect(ctx.link.commands('sync:pull')[0]).toEqual({ conversationId: 'c1', afterSeq: 0 });
    expect(ctx.link.commands('message:send')[0]).toMatchObject({ clientId: 'unsent-1', body: 'are you there?' });
    expect(ctx.state().lines.map((l) => [l.body, l.pending])).toEqual([
      ['message 1', false],
      ['message 2', false],
      ['are you there?', false],
    ]);
    expect(ctx.state().status).toBe('active');
  });

  it('keeps the draft and the open panel across a reload, and forgets the draft once it is sent', async () => {
    const ctx = setup();
    await inChat(ctx);
    ctx.controller.handlers.panel?.(true);
    ctx.controller.handlers.draft?.('my tap is leak');

    const reloaded = setup({ kv: ctx.kv, conversationId: 'c1' });
    reloaded.link.respond((event, input) => {
      if (event === 'sync:pull') return { ok: true, data: { conversation: conversation({ status: 'active' }), messages: [] } };
      if (event === 'message:send' && 'clientId' in input) return { ok: true, data: message(1, { clientId: input.clientId, author: 'visitor', body: input.body }) };
      return { ok: false, error: 'internal' };
    });
    await reloaded.controller.begin();
    await vi.waitFor(() => expect(reloaded.state().phase).toBe('chat'));
    expect(reloaded.state()).toMatchObject({ draft: 'my tap is leak', panelOpen: true });

    reloaded.controller.handlers.send('my tap is leaking');
    expect(reloaded.state().draft).toBe('');
    expect(setup({ kv: ctx.kv }).state().panelOpen).toBe(true);
    expect(ctx.kv.keys().filter((k) => k.startsWith(DRAFT_PREFIX))).toEqual([]);
  });

  it('does not start a chat while the form is invalid', async () => {
    const ctx = setup();
    await ctx.controller.begin();

    ctx.controller.handlers.start({ name: 'Ada', email: 'not-an-email' });

    expect(ctx.link.commands('chat:start')).toEqual([]);
    expect(ctx.state().formError).toEqual({ text: 'Please enter a valid email address.', field: 'email' });
  });

  it('starts a chat with the name, email and page address and shows it as waiting', async () => {
    const ctx = setup();
    await inChat(ctx);

    expect(ctx.link.commands('chat:start')).toEqual([{ name: 'Ada', email: 'ada@example.com', pageUrl: 'https://acme.test/pricing', locale: 'en' }]);
    expect(ctx.state().status).toBe('waiting');
  });

  it('tells the server the widget’s language at chat start, so the fallback message comes in it', async () => {
    const link = fakeConnection();
    const controller = createController({ ...deps(link), locale: 'de', t: translatorFor('de') });
    link.respond((event) => (event === 'chat:start' ? { ok: true, data: { conversation: conversation(), messages: [] } } : { ok: false, error: 'internal' }));
    await controller.begin();
    controller.handlers.start({ name: 'Ada', email: 'ada@example.com' });
    await vi.waitFor(() => expect(controller.state().phase).toBe('chat'));
    expect(link.commands('chat:start')).toEqual([expect.objectContaining({ locale: 'de' })]);
  });

  it('shows a sent message as pending until its ack, and then drops it from the stored outbox', async () => {
    const ctx = setup();
    await inChat(ctx);
    let ack: (value: Ack<unknown>) => void = () => undefined;
    ctx.link.respond(() => new Promise((resolve) => (ack = resolve)));

    expect(ctx.controller.handlers.send('  hello  ')).toBe(true);

    expect(ctx.state().lines).toEqual([expect.objectContaining({ body: 'hello', pending: true })]);
    expect(ctx.kv.get(OUTBOX_PREFIX + 'c1')).toContain('hello');
    await vi.waitFor(() => expect(ctx.link.commands('message:send')).toHaveLength(1));
    ack({ ok: true, data: message(1, { clientId: 'id-1', author: 'visitor', body: 'hello' }) });
    await vi.waitFor(() => expect(ctx.state().lines).toEqual([expect.objectContaining({ body: 'hello', pending: false })]));
    expect(ctx.kv.get(OUTBOX_PREFIX + 'c1')).toBeNull();
  });

  it('keeps a rate-limited message in the outbox, says so, and sends it again after a pause', async () => {
    const ctx = setup();
    await inChat(ctx);
    vi.useFakeTimers();
    ctx.link.respond(() => ({ ok: false, error: 'rate_limited' }));

    ctx.controller.handlers.send('hello');
    await vi.advanceTimersByTimeAsync(0);
    expect(ctx.state().notice).toBe("You're sending messages too fast. We'll send them in a moment.");
    expect(ctx.state().lines).toEqual([expect.objectContaining({ body: 'hello', pending: true })]);
    expect(ctx.kv.get(OUTBOX_PREFIX + 'c1')).toContain('hello');

    ctx.link.respond((_event, input) => ({ ok: true, data: message(1, { clientId: 'clientId' in input ? input.clientId : '', author: 'visitor', body: 'hello' }) }));
    await vi.advanceTimersByTimeAsync(3000);

    expect(ctx.link.commands('message:send')).toHaveLength(2);
    expect(ctx.state().lines).toEqual([expect.objectContaining({ body: 'hello', pending: false })]);
    expect(ctx.state().notice).toBeNull();
  });

  it('holds a message written while offline and sends it once connected again', async () => {
    const ctx = setup();
    await inChat(ctx);
    ctx.link.drop();
    expect(ctx.state().notice).toBe('Reconnecting…');

    expect(ctx.controller.handlers.send('still there?')).toBe(true);
    expect(ctx.link.commands('message:send')).toEqual([]);

    ctx.link.respond((event, input) =>
      event === 'sync:pull'
        ? { ok: true, data: { conversation: conversation(), messages: [] } }
        : { ok: true, data: message(1, { clientId: 'clientId' in input ? input.clientId : '', author: 'visitor', body: 'still there?' }) },
    );
    ctx.link.conn.connect();
    await vi.waitFor(() => expect(ctx.link.commands('message:send')).toHaveLength(1));
    expect(ctx.link.sent.map((c) => c.event).slice(-2)).toEqual(['sync:pull', 'message:send']);
  });

  it('shows a clear error, stops re-sending and refreshes the status when the chat has ended', async () => {
    const ctx = setup();
    await inChat(ctx);
    ctx.link.respond((event) =>
      event === 'sync:pull'
        ? { ok: true, data: { conversation: conversation({ status: 'ended', endedAt: 9 }), messages: [] } }
        : { ok: false, error: 'conversation_ended' },
    );

    ctx.controller.handlers.send('one more thing');

    await vi.waitFor(() => expect(ctx.state().status).toBe('ended'));
    expect(ctx.state().notice).toBe('This chat has ended, so the message was not sent.');
    expect(ctx.state().lines).toEqual([expect.objectContaining({ body: 'one more thing', pending: false, failed: true })]);
    expect(ctx.kv.get(OUTBOX_PREFIX + 'c1')).toBeNull();
  });

  it('refuses a message over the length limit without losing it', async () => {
    const ctx = setup();
    await inChat(ctx);

    expect(ctx.controller.handlers.send('x'.repeat(LIMITS.messageBody + 1))).toBe(false);
    expect(ctx.state().notice).toBe(`Messages can be at most ${LIMITS.messageBody} characters long.`);
    expect(ctx.link.commands('message:send')).toEqual([]);
  });

  it('pulls the missing messages when one arrives with a gap in seq', async () => {
    const ctx = setup();
    await inChat(ctx);
    ctx.link.respond(() => ({ ok: true, data: { conversation: conversation({ status: 'active', lastSeq: 3 }), messages: [message(2), message(3)] } }));

    ctx.link.push('message:created', message(1));
    expect(ctx.link.commands('sync:pull')).toEqual([]);
    ctx.link.push('message:created', message(3));

    await vi.waitFor(() => expect(ctx.state().lines.map((l) => l.body)).toEqual(['message 1', 'message 2', 'message 3']));
    expect(ctx.link.commands('sync:pull')).toEqual([{ conversationId: 'c1', afterSeq: 1 }]);
  });

  it('after a catch-up, a seq the visitor never gets (an agent’s note) is no hole: later messages pull nothing more', async () => {
    const ctx = setup();
    await inChat(ctx);
    // seq 2 is a note: the catch-up answers message 3 only, with lastSeq 3
    ctx.link.respond(() => ({ ok: true, data: { conversation: conversation({ status: 'active', lastSeq: 3 }), messages: [message(3)] } }));

    ctx.link.push('message:created', message(1));
    ctx.link.push('message:created', message(3));
    await vi.waitFor(() => expect(ctx.link.commands('sync:pull')).toEqual([{ conversationId: 'c1', afterSeq: 1 }]));
    await vi.waitFor(() => expect(ctx.state().lines.map((l) => l.body)).toEqual(['message 1', 'message 3']));

    ctx.link.push('message:created', message(4));
    ctx.link.push('message:created', message(5));
    expect(ctx.state().lines.map((l) => l.body)).toEqual(['message 1', 'message 3', 'message 4', 'message 5']);
    expect(ctx.link.commands('sync:pull')).toHaveLength(1);
  });

  it('follows conversation:updated: active with the agent, then missed', async () => {
    const ctx = setup();
    await inChat(ctx);

    ctx.link.push('conversation:updated', conversation({ status: 'active', agentName: 'Ada' }));
    expect(ctx.state()).toMatchObject({ status: 'active', agentName: 'Ada' });

    ctx.link.push('conversation:updated', conversation({ status: 'missed' }));
    expect(ctx.state().status).toBe('missed');
  });

  it('ends the chat on request and goes back to the form for a new one', async () => {
    const ctx = setup();
    await inChat(ctx);
    ctx.link.respond(() => ({ ok: true, data: conversation({ status: 'ended', endedAt: 7 }) }));

    ctx.controller.handlers.end();
    await vi.waitFor(() => expect(ctx.state().status).toBe('ended'));
    expect(ctx.link.commands('conversation:end')).toEqual([{ conversationId: 'c1' }]);

    ctx.controller.handlers.newChat();
    expect(ctx.state()).toMatchObject({ phase: 'form', status: null, lines: [] });
  });

  it('renews the session and connects again when the server refuses the socket', async () => {
    vi.useFakeTimers();
    const ctx = setup();
    await ctx.controller.begin();
    expect(ctx.link.connects()).toBe(1);

    ctx.link.refuse();
    await vi.advanceTimersByTimeAsync(1000);

    expect(ctx.session.requests).toHaveLength(2);
    expect(ctx.session.requests[1]!.body).toEqual({ token: 'tok-new' });
    expect(ctx.link.connects()).toBe(2);
  });

  it('tells the visitor the chat is unavailable while the session call fails, and retries', async () => {
    vi.useFakeTimers();
    const link = fakeConnection();
    const fetch = vi.fn(async () => new Response('{}', { status: 503 }));
    const controller = createController({
      server: 'https://chat.test',
      kv: memoryStore(),
      fetch,
      connect: () => link.conn,
      newId: () => 'id',
      now: () => 1,
      pageUrl: () => 'https://acme.test/',
      locale: 'en',
    t: createTranslator(),
      warn: () => undefined,
      onChange: () => undefined,
    });

    await controller.begin();
    expect(controller.state().phase).toBe('unavailable');
    expect(link.conn.connected).toBe(false);

    await vi.advanceTimersByTimeAsync(1000);
    expect(fetch).toHaveBeenCalledTimes(2);
  });

  it('keeps retrying while the session call cannot reach the server at all', async () => {
    vi.useFakeTimers();
    const link = fakeConnection();
    const fetch = vi.fn(async () => Promise.reject(new TypeError('Failed to fetch')));
    const controller = createController({ ...deps(link), fetch });

    await controller.begin();
    await vi.advanceTimersByTimeAsync(1000 + 3000);

    expect(controller.state().phase).toBe('unavailable');
    expect(fetch).toHaveBeenCalledTimes(3);
  });

  it('hides itself, says why once in the console, and stops asking when the server refuses the page’s origin', async () => {
    vi.useFakeTimers();
    const link = fakeConnection();
    const fetch = vi.fn(async () => new Response('{"error":"forbidden"}', { status: 403 }));
    const warn = vi.fn();
    const controller = createController({ ...deps(link), fetch, warn });

    await controller.begin();
    await vi.advanceTimersByTimeAsync(120_000);

    expect(controller.state().phase).toBe('refused');
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(link.connects()).toBe(0);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]![0]).toMatch(/origin https:\/\/acme\.test\b.*SITE_ORIGINS/);
  });
});
