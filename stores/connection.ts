/**
 * The connection as the agent should read it, and the panel's wake-up call: Chrome may have stopped the
 * worker, and opening or showing the panel is a moment to bring it (and its socket) back.
 */
import { defineStore } from 'pinia';
import { computed } from 'vue';
import { sendCommand } from '../utils/messaging.ts';
import { useSessionStore } from './session.ts';

export const useConnectionStore = defineStore('connection', () => {
  const session = useSessionStore();
  const status = computed(() => session.connection.status);
  const online = computed(() => status.value === 'online');
  /** when the link went down (while it is down) */
  const since = computed(() => session.connection.since);

  /** No payload to check, so it goes straight to the worker (no wait for the panel's schemas). */
  function wake(): void {
    sendCommand('connect').catch(() => undefined);
  }

  return { status, online, since, wake };
});
