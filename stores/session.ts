/** Who is signed in and how the connection is, as the background reports them in storage. */
import { defineStore } from 'pinia';
import { computed, onScopeDispose, ref, shallowRef } from 'vue';
import type { AgentDTO } from '../protocol/dto.ts';
import { sendCommand } from '../utils/commands.ts';
import { commandFail, type SignInErrorCode, type SignInInput } from '../utils/messaging.ts';
import { readServerPolicy } from '../utils/server-policy.ts';
import { agentItem, connectionItem, DEFAULT_SERVER_URL, serverUrlItem, sessionExpiredItem, type ConnectionState } from '../utils/storage.ts';
import { runCommand } from './command.ts';

export const useSessionStore = defineStore('session', () => {
  /**
   * Who is signed in is known: all either screen waits for (storage.local answers in milliseconds, even
   * right after a browser start; a policy's server address may arrive later).
   */
  const loaded = ref(false);
  const agent = shallowRef<AgentDTO | null>(null);
  const connection = shallowRef<ConnectionState>(connectionItem.fallback);
  const serverUrl = ref(DEFAULT_SERVER_URL);
  /** an enterprise policy allows `serverUrl` only: the agent cannot choose another */
  const serverLocked = ref(false);
  const signingIn = ref(false);
  const signInError = ref<SignInErrorCode | null>(null);
  const signedIn = computed(() => agent.value !== null);
  /** the server ended the session (token revoked or expired), as opposed to signing out here */
  const expired = ref(false);

  const unwatch = [
    agentItem.watch((value) => (agent.value = value)),
    connectionItem.watch((value) => (connection.value = value)),
    sessionExpiredItem.watch((value) => (expired.value = value)),
  ];
  onScopeDispose(() => unwatch.forEach((stop) => stop()));

  /**
   * Reads storage.local first, which answers at once; storage.managed can take seconds right after a
   * browser start, so a policy's server address replaces the local one when it comes.
   */
  async function load(): Promise<void> {
    const policy = readServerPolicy();
    let local: string | null;
    [agent.value, connection.value, expired.value, local] = await Promise.all([
      agentItem.getValue(),
      connectionItem.getValue(),
      sessionExpiredItem.getValue(),
      serverUrlItem.getValue(),
    ]);
    serverUrl.value = local ?? DEFAULT_SERVER_URL;
    loaded.value = true;
    const preset = await policy;
    if (preset.serverUrl) serverUrl.value = preset.serverUrl;
    serverLocked.value = preset.locked;
  }

  async function signIn(input: SignInInput): Promise<boolean> {
    signingIn.value = true;
    signInError.value = null;
    const result = await sendCommand('signIn', input).catch(() => commandFail('offline'));
    signingIn.value = false;
    if (!result.ok) {
      signInError.value = result.error;
      return false;
    }
    serverUrl.value = input.serverUrl;
    agent.value = result.data;
    return true;
  }

  async function signOut(): Promise<void> {
    const result = await runCommand(() => sendCommand('signOut'));
    if (result.ok) agent.value = null;
  }

  async function setAvailability(available: boolean): Promise<void> {
    const result = await runCommand(() => sendCommand('setAvailability', { available }));
    if (result.ok) agent.value = result.data;
  }

  return {
    loaded,
    agent,
    connection,
    serverUrl,
    serverLocked,
    signingIn,
    signInError,
    signedIn,
    expired,
    load,
    signIn,
    signOut,
    setAvailability,
  };
});
