/**
 * Typing indicators for the open conversation: the visitor's (read from the cache, where the background
 * puts them) and the agent's own (sent on the first key press and after a pause).
 */
import { defineStore } from 'pinia';
import { computed, onScopeDispose, ref } from 'vue';
import { useLiveQuery } from '../composables/useLiveQuery.ts';
import { db } from '../utils/db.ts';
import { sendCommand } from '../utils/commands.ts';
import { useConversationsStore } from './conversations.ts';

/** A "typing" that is not renewed or ended within this time is dropped: its "stopped" may be lost. */
export const TYPING_STALE_MS = 6_000;
/** The agent counts as stopped after this long without a key press. */
export const TYPING_PAUSE_MS = 3_000;

export const useTypingStore = defineStore('typing', () => {
  const conversations = useConversationsStore();
  const now = ref(Date.now());
  const tick = setInterval(() => (now.value = Date.now()), 1_000);
  onScopeDispose(() => clearInterval(tick));

  const entry = useLiveQuery(
    async () => (conversations.selectedId ? ((await db.typing.get(conversations.selectedId)) ?? null) : null),
    [() => conversations.selectedId],
  );
  const visitorTyping = computed(
    () => !!entry.value && entry.value.author === 'visitor' && entry.value.typing && now.value - entry.value.at < TYPING_STALE_MS,
  );

  let typingIn: string | null = null;
  let pause: ReturnType<typeof setTimeout> | undefined;
  const send = (conversationId: string, typing: boolean) =>
    sendCommand('setTyping', { conversationId, typing }).catch(() => undefined);

  function stop(): void {
    clearTimeout(pause);
    if (typingIn) void send(typingIn, false);
    typingIn = null;
  }

  /** Called on each key press in the composer. */
  function keyPressed(): void {
    const id = conversations.selectedId;
    if (!id || conversations.selected?.status !== 'active') return;
    if (typingIn !== id) {
      stop();
      typingIn = id;
      void send(id, true);
    }
    clearTimeout(pause);
    pause = setTimeout(stop, TYPING_PAUSE_MS);
  }

  return { visitorTyping, keyPressed, stop };
});
