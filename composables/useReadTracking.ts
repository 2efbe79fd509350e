/**
 * Tells the background what the agent is looking at: the open chat counts as read (unread counts and the
 * badge drop), and no message notification is raised for it. A notification click brings its chat up.
 */
import { onMounted, onScopeDispose, ref, watch } from 'vue';
import { useConversationsStore } from '../stores/conversations.ts';
import { sendCommand } from '../utils/commands.ts';
import { focusItem, onScreenItem, type Focus } from '../utils/storage.ts';

export function useReadTracking(): void {
  const conversations = useConversationsStore();
  const visible = ref(document.visibilityState === 'visible');
  const onVisibility = () => (visible.value = document.visibilityState === 'visible');
  const onHide = () => void onScreenItem.setValue(null);
  document.addEventListener('visibilitychange', onVisibility);
  window.addEventListener('pagehide', onHide);

  watch(
    [() => conversations.selectedId, visible],
    ([id, shown]) => void onScreenItem.setValue(shown ? id : null),
    { immediate: true },
  );
  watch(
    [() => conversations.selected, visible],
    ([c, shown]) => {
      if (shown && c && c.status === 'active' && c.lastSeq > (c.readSeq ?? 0)) {
        void sendCommand('markRead', { conversationId: c.id }).catch(() => undefined);
      }
    },
    { immediate: true },
  );

  const applyFocus = (focus: Focus | null) => {
    if (focus?.kind === 'conversation') void conversations.select(focus.conversationId);
    if (focus?.kind === 'offer') {
      requestAnimationFrame(() =>
        document.querySelector<HTMLElement>(`[data-offer-id="${CSS.escape(focus.offerId)}"] [data-testid="offer-accept"]`)?.focus(),
      );
    }
    if (focus) void focusItem.setValue(null);
  };
  const unwatch = focusItem.watch(applyFocus);
  onMounted(() => void focusItem.getValue().then(applyFocus));

  onScopeDispose(() => {
    unwatch();
    document.removeEventListener('visibilitychange', onVisibility);
    window.removeEventListener('pagehide', onHide);
    onHide();
  });
}
