/** Who is signed in and how the connection is, as the background reports them in storage. */
import { defineStore } from 'pinia';
import { computed, onScopeDispose, ref, shallowRef } from 'vue';
import type { AgentDTO } from '../protocol/dto.ts';
import { sendCommand } from '../utils/commands.ts';
import { commandFail, type CommandErrorCode, type SignInInput } from '../utils/messaging.ts';
import {
  agentItem,
  connectionItem,
  DEFAULT_SERVER_URL,
  managedServerUrlItem,
  serverUrlItem,
  sessionExpiredItem,
  type ConnectionState,
} from '../utils/storage.ts';
import { runCommand } from './command.ts';

async function presetServerUrl(): Promise<string> {
  // Reading managed storage fails where no policy schema exists (Firefox without a policy).
  const managed = await managedServerUrlItem.getValue().catch(() => null);
  return managed ?? (await serverUrlItem.getValue()) ?? DEFAULT_SERVER_URL;
}

export const useSessionStore = defineStore('session', () => {
  /** who is signed in is known (storage.local answers in milliseconds, even right after browser start) */
  const identityLoaded = ref(false);
  /** the preset server address is known (managed storage can take seconds right after browser start) */
  const serverUrlLoaded = ref(false);
  const agent = shallowRef<AgentDTO | null>(null);
  const connection = shallowRef<ConnectionState>(connectionItem.fallback);
  const serverUrl = ref(DEFAULT_SERVER_URL);
  const signingIn = ref(false);
  const signInError = ref<CommandErrorCode | null>(null);
  const signedIn = computed(() => agent.value !== null);
  /** The inbox needs only who is signed in; the sign-in form also needs the preset server address. */
  const loaded = computed(() => identityLoaded.value && (signedIn.value || serverUrlLoaded.value));
  /** the server ended the session (token revoked or expired), as opposed to signing out here */
  const expired = ref(false);

  const unwatch = [
    agentItem.watch((value) => (agent.value = value)),
    connectionItem.watch((value) => (connection.value = value)),
    sessionExpiredItem.watch((value) => (expired.value = value)),
  ];
  onScopeDispose(() => unwatch.forEach((stop) => stop()));

  /** Reads both; the inbox shows as soon as the identity is known, without waiting for the address. */
  async function load(): Promise<void> {
    const address = presetServerUrl().then((url) => {
      serverUrl.value = url;
      serverUrlLoaded.value = true;
    });
    [agent.value, connection.value, expired.value] = await Promise.all([
      agentItem.getValue(),
      connectionItem.getValue(),
      sessionExpiredItem.getValue(),
    ]);
    identityLoaded.value = true;
    await address;
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
    identityLoaded,
    loaded,
    agent,
    connection,
    serverUrl,
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
