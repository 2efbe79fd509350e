/**
 * Ending a chat, with a moment to undo it: End session (or Alt+E) only marks the chat, and the command
 * goes to the background once END_UNDO_MS have passed without an undo. Nothing is handed over before
 * then, so a panel closed in that moment ends nothing.
 */
import { defineStore } from 'pinia';
import { onScopeDispose, ref, watch } from 'vue';
import { db } from '../utils/db.ts';
import { sendCommand } from '../utils/commands.ts';
import { runCommand } from './command.ts';
import { useSessionStore } from './session.ts';

export const END_UNDO_MS = 5_000;

export const useEndingStore = defineStore('ending', () => {
  const session = useSessionStore();
  /** conversation id → when its end is sent (epoch ms) */
  const deadlines = ref<Record<string, number>>({});
  const timers = new Map<string, ReturnType<typeof setTimeout>>();

  const isEnding = (conversationId: string) => conversationId in deadlines.value;

  function forget(conversationId: string): void {
    clearTimeout(timers.get(conversationId));
    timers.delete(conversationId);
    const rest = { ...deadlines.value };
    delete rest[conversationId];
    deadlines.value = rest;
  }

  /** The chat stays marked until the background has answered, so nothing can request it twice. */
  async function send(conversationId: string): Promise<void> {
    // the visitor (or the idle timeout) may have ended it in the meantime
    if ((await db.conversations.get(conversationId))?.status === 'active') {
      await runCommand(() => sendCommand('endConversation', { conversationId }));
    }
    forget(conversationId);
  }

  function request(conversationId: string): void {
    if (isEnding(conversationId)) return;
    deadlines.value = { ...deadlines.value, [conversationId]: Date.now() + END_UNDO_MS };
    timers.set(conversationId, setTimeout(() => void send(conversationId), END_UNDO_MS));
  }

  const undo = forget;

  function undoAll(): void {
    for (const id of Object.keys(deadlines.value)) forget(id);
  }

  // a chat of the agent who signed out is not ended on their behalf
  watch(() => session.agent?.id, undoAll);
  onScopeDispose(undoAll);

  return { deadlines, isEnding, request, undo };
});
