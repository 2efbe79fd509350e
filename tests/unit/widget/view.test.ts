import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createTranslator } from '../../../server/widget/src/i18n.ts';
import type { ChatLine } from '../../../server/widget/src/store.ts';
import { createView, isSendKey, type ViewHandlers, type ViewState } from '../../../server/widget/src/view.ts';

const t = createTranslator();

function chatState(overrides: Partial<ViewState> = {}): ViewState {
  return { phase: 'chat', status: 'active', agentName: 'Ada', lines: [], formError: null, starting: false, notice: null, ...overrides };
}

function line(key: string, overrides: Partial<ChatLine> = {}): ChatLine {
  return { key, author: 'agent', authorName: 'Ada', body: key, pending: false, failed: false, ...overrides };
}

function mount(send: ViewHandlers['send'] = () => true) {
  const handlers: ViewHandlers = { start: vi.fn(), send: vi.fn(send), end: vi.fn(), newChat: vi.fn(), draft: vi.fn(), panel: vi.fn() };
  const view = createView(document, t, 'en', handlers);
  document.body.append(view.host);
  const q = <E extends Element = HTMLElement>(id: string) => view.root.querySelector<E>(`[data-testid="${id}"]`)!;
  return { view, handlers, q };
}

beforeEach(() => {
  document.body.replaceChildren();
});

describe('widget view', () => {
  it('lives in an open shadow root of #switchboard-widget', () => {
    const { view } = mount();
    expect(document.getElementById('switchboard-widget')).toBe(view.host);
    expect(view.host.shadowRoot).toBe(view.root);
    expect(document.querySelector('[data-testid="sb-launcher"]')).toBeNull();
  });

  it('renders message text as text, so markup in a message stays literal', () => {
    const { view, q } = mount();
    view.render(chatState({ lines: [line('k1', { body: '<b>bold</b><img src=x onerror=alert(1)>' })] }));

    const item = q('sb-message');
    expect(item.querySelector('b, img')).toBeNull();
    expect(item.textContent).toContain('<b>bold</b><img src=x onerror=alert(1)>');
  });

  it('marks messages with their author and pending state', () => {
    const { view } = mount();
    view.render(chatState({ lines: [line('a'), line('b', { author: 'visitor', pending: true }), line('c', { author: 'system' })] }));

    const items = [...view.root.querySelectorAll<HTMLElement>('[data-testid="sb-message"]')];
    expect(items.map((i) => [i.dataset.author, i.dataset.pending])).toEqual([
      ['agent', 'false'],
      ['visitor', 'true'],
      ['system', 'false'],
    ]);
  });

  it('updates a pending message in place when it is confirmed', () => {
    const { view, q } = mount();
    view.render(chatState({ lines: [line('k', { author: 'visitor', pending: true })] }));
    const before = q('sb-message');
    view.render(chatState({ lines: [line('k', { author: 'visitor', pending: false })] }));

    expect(q('sb-message')).toBe(before);
    expect(before.dataset.pending).toBe('false');
  });

  it('sends on Enter but not on Shift+Enter', () => {
    const { view, handlers, q } = mount();
    view.render(chatState());
    const input = q<HTMLTextAreaElement>('sb-input');
    input.value = 'line one';

    input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', shiftKey: true, bubbles: true, cancelable: true }));
    expect(handlers.send).not.toHaveBeenCalled();

    const enter = new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true });
    input.dispatchEvent(enter);
    expect(handlers.send).toHaveBeenCalledWith('line one');
    expect(enter.defaultPrevented).toBe(true);
    expect(input.value).toBe('');
  });

  it('keeps the typed text when the message was not taken', () => {
    const { view, q } = mount(() => false);
    view.render(chatState());
    const input = q<HTMLTextAreaElement>('sb-input');
    input.value = 'keep me';
    q('sb-send').click();

    expect(input.value).toBe('keep me');
  });

  it('does not treat Enter that confirms an IME composition as send', () => {
    expect(isSendKey({ key: 'Enter', shiftKey: false, isComposing: true })).toBe(false);
    expect(isSendKey({ key: 'Enter', shiftKey: false, isComposing: false })).toBe(true);
  });

  it('shows the status with data-status and offers a new chat once the chat has ended', () => {
    const { view, q } = mount();
    view.render(chatState({ status: 'waiting' }));
    expect(q('sb-status').dataset.status).toBe('waiting');
    expect(q('sb-new-chat').hidden).toBe(true);
    expect(q('sb-end').hidden).toBe(false);

    view.render(chatState({ status: 'ended' }));
    expect(q('sb-status').dataset.status).toBe('ended');
    expect(q('sb-status').textContent).toBe('This chat has ended');
    expect(q('sb-new-chat').hidden).toBe(false);
    expect(q('sb-end').hidden).toBe(true);
    expect(q('sb-input').closest('form')!.hidden).toBe(true);
  });

  it('opens and closes the panel from the launcher and closes it with Escape', () => {
    const { view, q } = mount();
    view.render(chatState({ phase: 'form', status: null }));
    const launcher = q('sb-launcher');

    launcher.click();
    expect(q('sb-panel').hidden).toBe(false);
    expect(launcher.getAttribute('aria-expanded')).toBe('true');

    q('sb-panel').dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    expect(q('sb-panel').hidden).toBe(true);
    expect(launcher.getAttribute('aria-expanded')).toBe('false');
  });

  it('labels every input and announces new messages politely', () => {
    const { view, q } = mount();
    for (const id of ['sb-name', 'sb-email', 'sb-input']) {
      const input = q(id);
      expect(view.root.querySelector(`label[for="${input.id}"]`)?.textContent, id).toBeTruthy();
    }
    expect(q('sb-messages').getAttribute('aria-live')).toBe('polite');
  });

  it('keeps the message list valid: each item sits in a plain <ol> inside the log region, not directly under role="log"', () => {
    const { view, q } = mount();
    view.render(chatState({ lines: [line('a'), line('b', { author: 'visitor' })] }));

    const log = q('sb-messages');
    expect(log.getAttribute('role')).toBe('log');
    for (const item of view.root.querySelectorAll('[data-testid="sb-message"]')) {
      expect(item.tagName).toBe('LI');
      expect(item.parentElement!.tagName).toBe('OL');
      expect(item.parentElement!.hasAttribute('role')).toBe(false);
      expect(log.contains(item)).toBe(true);
    }
  });

  it('reports opening and closing the panel and every change of the message text', () => {
    const { view, handlers, q } = mount();
    view.render(chatState());
    q('sb-launcher').click();
    q('sb-panel').dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    const input = q<HTMLTextAreaElement>('sb-input');
    input.value = 'half';
    input.dispatchEvent(new Event('input'));

    expect(vi.mocked(handlers.panel!).mock.calls).toEqual([[true], [false]]);
    expect(handlers.draft).toHaveBeenCalledWith('half');
  });

  it('reopens the panel on the chat with the unsent text when a chat is restored after a reload', () => {
    const { view, q } = mount();
    view.render(chatState({ phase: 'loading', status: null }));
    view.render(chatState({ panelOpen: true, draft: 'my tap is leak' }));

    expect(q('sb-panel').hidden).toBe(false);
    expect(q('sb-launcher').getAttribute('aria-expanded')).toBe('true');
    expect(q<HTMLTextAreaElement>('sb-input').value).toBe('my tap is leak');
    expect(view.root.activeElement).toBe(q('sb-input'));
  });

  it('leaves the panel closed when it was closed before the reload', () => {
    const { view, q } = mount();
    view.render(chatState({ phase: 'loading', status: null }));
    view.render(chatState({ panelOpen: false, draft: '' }));

    expect(q('sb-panel').hidden).toBe(true);
  });

  it('shows nothing at all, not even the launcher, when the server refuses the page’s origin', () => {
    const { view, q } = mount();
    view.render(chatState({ phase: 'connecting', status: null }));
    expect(q('sb-launcher').closest('[hidden]')).toBeNull();

    view.render(chatState({ phase: 'refused', status: null }));
    const hidden = q('sb-launcher').closest('[hidden]');
    expect(hidden).not.toBeNull();
    expect(hidden!.contains(q('sb-panel'))).toBe(true);
  });

  it('submits the start form with what the visitor typed and shows form errors', () => {
    const { view, handlers, q } = mount();
    view.render(chatState({ phase: 'form', status: null }));
    q<HTMLInputElement>('sb-name').value = 'Ada';
    q<HTMLInputElement>('sb-email').value = 'ada@example.com';
    q('sb-start').click();
    expect(handlers.start).toHaveBeenCalledWith({ name: 'Ada', email: 'ada@example.com' });

    view.render(chatState({ phase: 'form', status: null, formError: { text: 'Please enter a valid email address.', field: 'email' } }));
    expect(q('sb-form-error').hidden).toBe(false);
    expect(q('sb-form-error').textContent).toBe('Please enter a valid email address.');
    expect(q('sb-email').getAttribute('aria-invalid')).toBe('true');
  });
});
