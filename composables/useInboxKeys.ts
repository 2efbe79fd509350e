/**
 * The inbox without a mouse (documented in the README):
 * Alt+↓ / Alt+↑ next / previous conversation, Alt+A accept and Alt+D decline the chat request shown
 * in full (the newest),
 * Alt+E end the open chat (pressed again within the moment to undo it: keep it), Alt+C focus the
 * message box, Escape back to the list (narrow panel).
 * Enter sends from the message box.
 */
import { onScopeDispose } from 'vue';
import { useConversationsStore } from '../stores/conversations.ts';
import { useEndingStore } from '../stores/ending.ts';
import { useInboxStore } from '../stores/inbox.ts';
import { useOffersStore } from '../stores/offers.ts';

export function useInboxKeys(): void {
  const conversations = useConversationsStore();
  const inbox = useInboxStore();
  const offers = useOffersStore();
  const ending = useEndingStore();

  const listedIds = () =>
    inbox.filter === 'active' ? conversations.active.map((row) => row.conversation.id) : inbox.rows.map((c) => c.id);

  function move(step: 1 | -1): void {
    const ids = listedIds();
    if (!ids.length) return;
    const at = conversations.selectedId ? ids.indexOf(conversations.selectedId) : -1;
    const next = at === -1 ? (step === 1 ? 0 : ids.length - 1) : Math.min(ids.length - 1, Math.max(0, at + step));
    void conversations.select(ids[next]!);
    // keep keyboard focus on the row, so screen readers announce the new conversation
    requestAnimationFrame(() =>
      document.querySelector<HTMLElement>(`[data-testid="conversation-item"][data-conversation-id="${ids[next]}"]`)?.focus(),
    );
  }

  function endOrUndo(): void {
    const open = conversations.selected;
    if (open?.status !== 'active') return;
    if (ending.isEnding(open.id)) ending.undo(open.id);
    else ending.request(open.id);
  }

  function onKey(event: KeyboardEvent): void {
    if (event.key === 'Escape' && conversations.selectedId) {
      void conversations.select(null);
      return;
    }
    if (!event.altKey || event.ctrlKey || event.metaKey) return;
    const first = offers.newest;
    const actions: Record<string, () => void> = {
      ArrowDown: () => move(1),
      ArrowUp: () => move(-1),
      KeyA: () => first && void offers.answer(first.id, true),
      KeyD: () => first && void offers.answer(first.id, false),
      KeyE: endOrUndo,
      KeyC: () => document.querySelector<HTMLElement>('[data-testid="composer-input"]')?.focus(),
    };
    // by physical key: on a Mac, Alt+A types "å"
    const action = actions[event.code];
    if (!action) return;
    event.preventDefault();
    action();
  }

  window.addEventListener('keydown', onKey);
  onScopeDispose(() => window.removeEventListener('keydown', onKey));
}
