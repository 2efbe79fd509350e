import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createTranslator } from '../../../server/widget/src/i18n.ts';
import type { ChatLine } from '../../../server/widget/src/store.ts';
import { createView, type ViewHandlers, type ViewState } from '../../../server/widget/src/view.ts';

const t = createTranslator();
const handlers = (): ViewHandlers => ({ start: vi.fn(), send: vi.fn(() => true), end: vi.fn(), newChat: vi.fn() });
const state = (lines: ChatLine[], phase: ViewState['phase'] = 'chat'): ViewState =>
  ({ phase, status: 'active', agentName: 'Ada', lines, formError: null, starting: false, notice: null });
const line = (key: string, card?: ChatLine['card']): ChatLine =>
  ({ key, author: 'system', authorName: null, body: `text of ${key}`, pending: false, failed: false, ...(card ? { card } : {}) });

beforeEach(() => document.body.replaceChildren());

describe('widget view: cards and prefill', () => {
  it('shows a line’s card node in place of its text, and the same node across renders', () => {
    const card = document.createElement('div');
    card.dataset.testid = 'sb-calendar-card';
    const renderer = vi.fn((lines: ChatLine[]) => new Map<string, Node>(lines.filter((l) => l.card).map((l) => [l.key, card])));
    const view = createView(document, t, 'en', handlers(), renderer);
    const lines = [line('plain'), line('cal', { type: 'calendar', agentId: 'a1', agentName: 'Ada' })];
    view.render(state(lines));
    view.render(state(lines));
    const items = view.root.querySelectorAll('[data-testid="sb-message"]');
    expect(items[0]!.textContent).toBe('text of plain');
    expect(items[1]!.querySelector('[data-testid="sb-calendar-card"]')).toBe(card);
    expect(items[1]!.textContent).not.toContain('text of cal');
  });

  it('tells the cards when the chat has ended, but not when it was missed (its fallback calendar stays bookable)', () => {
    const renderer = vi.fn((_lines: ChatLine[], _ended: boolean) => new Map<string, Node>());
    const view = createView(document, t, 'en', handlers(), renderer);
    const lines = [line('cal', { type: 'calendar', agentId: 'a1', agentName: 'Ada' })];
    view.render({ ...state(lines), status: 'missed' });
    expect(renderer).toHaveBeenLastCalledWith(lines, false);
    view.render({ ...state(lines), status: 'ended' });
    expect(renderer).toHaveBeenLastCalledWith(lines, true);
  });

  it('scrolls to the end notice when the chat ends, even when the visitor was reading further up', () => {
    const view = createView(document, t, 'en', handlers(), () => new Map());
    document.body.append(view.host);
    const log = view.root.querySelector<HTMLElement>('[data-testid="sb-messages"]')!;
    Object.defineProperty(log, 'scrollHeight', { configurable: true, value: 2000 });
    Object.defineProperty(log, 'clientHeight', { configurable: true, value: 400 });
    const lines = [line('a'), line('cal', { type: 'calendar', agentId: 'a1', agentName: 'Ada' })];
    view.render(state(lines));
    log.scrollTop = 300;

    view.render({ ...state(lines), status: 'ended' });
    expect(log.scrollTop).toBe(2000);
    log.scrollTop = 300;
    view.render({ ...state([...lines, line('Chat ended by Ada')]), status: 'ended' });
    expect(log.scrollTop).toBe(2000);
  });

  it('prefills the chat form with the host page’s name and email, but never over what the visitor typed', () => {
    const view = createView(document, t, 'en', handlers());
    view.render(state([], 'form'));
    const name = view.root.querySelector<HTMLInputElement>('[data-testid="sb-name"]')!;
    const email = view.root.querySelector<HTMLInputElement>('[data-testid="sb-email"]')!;
    name.value = 'Typed Name';
    view.prefill({ name: 'Ana', email: 'ana@example.com' });
    expect([name.value, email.value]).toEqual(['Typed Name', 'ana@example.com']);
  });
});
