import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { MessageNotice } from '../../../protocol/notices.ts';
import { createTranslator } from '../../../server/widget/src/i18n.ts';
import { memoryStore } from '../../../server/widget/src/storage.ts';
import { createChatStore } from '../../../server/widget/src/store.ts';
import { createView, type ViewState } from '../../../server/widget/src/view.ts';
import { conversation, message, translatorFor } from './helpers.ts';

beforeEach(() => document.body.replaceChildren());

/** The widget in German showing the server's messages, as they come from the store. */
function shownInGerman(...notices: (MessageNotice | undefined)[]): string[] {
  const store = createChatStore(memoryStore(), { newId: () => 'id', now: () => 0 });
  store.setConversation(conversation({ status: 'active', agentName: 'Ada' }));
  notices.forEach((notice, i) =>
    store.applyMessage(message(i + 1, { author: 'system', authorName: null, body: `English ${i + 1}`, ...(notice ? { notice } : {}) })),
  );
  const handlers = { start: vi.fn(), send: vi.fn(() => true), end: vi.fn(), newChat: vi.fn() };
  const view = createView(document, translatorFor('de'), 'de', handlers);
  const state: ViewState = { phase: 'chat', status: 'active', agentName: 'Ada', lines: store.lines(), formError: null, starting: false, notice: null };
  view.render(state);
  return [...view.root.querySelectorAll('[data-testid="sb-message"]')].map((item) => item.textContent ?? '');
}

describe('widget view: notices in the visitor’s language', () => {
  it('words each notice from the German table instead of the English body', () => {
    expect(
      shownInGerman(
        { kind: 'agent_joined', name: 'Ada' },
        { kind: 'chat_ended', by: 'visitor' },
        { kind: 'chat_ended', by: 'agent', name: 'Ada' },
        { kind: 'idle_ended', minutes: 10 },
        { kind: 'idle_ended', minutes: 1 },
        { kind: 'idle_ended', minutes: 0 },
        { kind: 'agent_unavailable', name: 'Ada' },
      ),
    ).toEqual([
      'Ada ist dem Chat beigetreten',
      'Sie haben den Chat beendet',
      'Chat von Ada beendet',
      'Chat nach 10 Minuten ohne Aktivität beendet',
      'Chat nach 1 Minute ohne Aktivität beendet',
      'Chat nach einer Weile ohne Aktivität beendet',
      'Ada ist nicht mehr erreichbar. Wir verbinden Sie mit einem anderen Mitarbeiter…',
    ]);
  });

  it('shows a system line without a notice (stored before notices) as its plain text', () => {
    expect(shownInGerman(undefined)).toEqual(['English 1']);
  });

  it('shows a notice of a kind this build does not know (a newer server’s) as its body', () => {
    expect(shownInGerman({ kind: 'agent_left' } as unknown as MessageNotice)).toEqual(['English 1']);
  });

  it('sets a name in a notice as text, never as markup', () => {
    const [line] = shownInGerman({ kind: 'agent_joined', name: '<img src=x onerror=alert(1)>' });
    expect(line).toBe('<img src=x onerror=alert(1)> ist dem Chat beigetreten');
    expect(document.querySelector('#switchboard-widget')?.shadowRoot?.querySelector('img')).toBeFalsy();
  });
});
