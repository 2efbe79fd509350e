/**
 * Signing in and out. The tokens are kept in extension storage (see tokens.ts) and sent only in the
 * socket handshake and in request bodies, never in a URL. The cache belongs to one agent on one server.
 */
import type { AgentDTO, LoginResult } from '../../protocol/dto.ts';
import { db } from '../../utils/db.ts';
import { commandFail, type CommandErrorCode, type CommandResult, type SignInInput, type SignInResult } from '../../utils/messaging.ts';
import { readServerPolicy } from '../../utils/server-policy.ts';
import { agentItem, serverUrlItem, sessionExpiredItem } from '../../utils/storage.ts';
import { refreshOfferAlerts } from './alerts.ts';
import { readCacheOwner, wipeCache, writeCacheOwner } from './cache.ts';
import type { Connection } from './connection.ts';
import type { SerialQueue } from './queue.ts';
import { isTokenPair, type Tokens } from './tokens.ts';

export interface SessionDeps {
  connection: Connection;
  queue: SerialQueue;
  tokens: Tokens;
  fetch?: typeof fetch;
}

export interface Session {
  signIn(input: SignInInput): Promise<SignInResult>;
  /** Forgets the tokens before anything else, closes the socket, revokes the sign-in on the server, wipes the cache. */
  signOut(): Promise<CommandResult<null>>;
  /** The server ended the sign-in: forget it, keep the cache for the same agent's next sign-in. */
  expire(): Promise<void>;
}

/**
 * The login answer has the shape the worker relies on. A plain check: the worker's bundle carries no
 * validation library (the panel checks its input, the server everything it receives).
 */
function isLoginResult(value: unknown): value is LoginResult {
  const result = value as Partial<LoginResult> | null;
  const agent = result?.agent as Partial<AgentDTO> | undefined;
  return (
    isTokenPair(result) &&
    typeof agent?.id === 'string' &&
    agent.id.length > 0 &&
    typeof agent.email === 'string' &&
    typeof agent.name === 'string' &&
    (agent.role === 'agent' || agent.role === 'admin') &&
    typeof agent.available === 'boolean' &&
    (agent.availabilitySource === 'manual' || agent.availabilitySource === 'schedule') &&
    (agent.availableUntil === null || typeof agent.availableUntil === 'number')
  );
}

/** The only hosts reached over plain http://: this computer, where nothing crosses a network. */
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

export type ServerUrl = { ok: true; url: string } | { ok: false; error: 'invalid_payload' | 'insecure_server' };

/**
 * An https origin plus optional path, without a trailing slash. Plain http:// only for this computer:
 * anywhere else the password, the tokens and the chats would cross the network unencrypted.
 */
export function normaliseServerUrl(input: string): ServerUrl {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    return { ok: false, error: 'invalid_payload' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { ok: false, error: 'invalid_payload' };
  if (url.username || url.password || url.search || url.hash) return { ok: false, error: 'invalid_payload' };
  if (url.protocol === 'http:' && !LOOPBACK_HOSTS.has(url.hostname)) return { ok: false, error: 'insecure_server' };
  return { ok: true, url: `${url.origin}${url.pathname}`.replace(/\/+$/, '') };
}

/**
 * Whether an enterprise policy lets the agent sign in to this (normalised) server: a locked policy allows
 * its own address only. Checked here, not only in the form, so no page of the extension can get round it.
 */
async function policyAllows(serverUrl: string): Promise<boolean> {
  const policy = await readServerPolicy();
  if (!policy.locked || !policy.serverUrl) return true;
  const locked = normaliseServerUrl(policy.serverUrl);
  return locked.ok && locked.url === serverUrl;
}

function codeForStatus(status: number): CommandErrorCode {
  if (status === 400) return 'invalid_payload';
  if (status === 401) return 'unauthorized';
  if (status === 429) return 'rate_limited';
  if (status === 404) return 'network';
  return 'internal';
}

export function createSession({ connection, queue, tokens, fetch: fetchImpl = (...args) => fetch(...args) }: SessionDeps): Session {
  async function forgetSignIn(): Promise<void> {
    await Promise.all([tokens.forget(), agentItem.removeValue()]);
  }

  return {
    async signIn(input) {
      const checked = normaliseServerUrl(input.serverUrl);
      if (!checked.ok) return { ok: false, error: checked.error };
      const serverUrl = checked.url;
      if (!(await policyAllows(serverUrl))) return { ok: false, error: 'server_locked' };

      let response: Response;
      try {
        response = await fetchImpl(`${serverUrl}/api/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email: input.email, password: input.password }),
        });
      } catch {
        return commandFail('network');
      }
      if (!response.ok) return commandFail(codeForStatus(response.status));
      const result: unknown = await response.json().catch(() => null);
      if (!isLoginResult(result)) return commandFail('network');

      await connection.close();
      await queue.run(async () => {
        const owner = await readCacheOwner();
        if (owner && (owner.agentId !== result.agent.id || owner.serverUrl !== serverUrl)) await wipeCache();
        await writeCacheOwner({ agentId: result.agent.id, serverUrl });
      });
      await Promise.all([
        serverUrlItem.setValue(serverUrl),
        tokens.save(result),
        agentItem.setValue(result.agent),
        sessionExpiredItem.setValue(false),
      ]);
      await connection.ensure();
      return { ok: true, data: result.agent };
    },

    async signOut() {
      const [serverUrl, refreshToken] = await Promise.all([serverUrlItem.getValue(), tokens.refreshToken()]);
      // Forgotten first: from here on no alarm, wake-up or reconnect can open a socket with them.
      await forgetSignIn();
      await connection.close();
      if (serverUrl && refreshToken) {
        // Best effort: the local sign-out must work even when the server is unreachable.
        await fetchImpl(`${serverUrl}/api/auth/logout`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ refreshToken }),
        }).catch(() => undefined);
      }
      await queue.run(async () => {
        await wipeCache();
        await refreshOfferAlerts();
      });
      return { ok: true, data: null };
    },

    async expire() {
      await forgetSignIn();
      await connection.close();
      await sessionExpiredItem.setValue(true);
      await queue.run(async () => {
        await db.offers.clear();
        await refreshOfferAlerts();
      });
    },
  };
}
