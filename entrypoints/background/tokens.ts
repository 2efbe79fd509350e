/**
 * The agent's tokens: a short-lived access token for the socket handshake, kept in storage.session,
 * and the refresh token that renews it, kept in storage.local. A refresh token works once: two
 * refreshes with the same one would look like theft to the server and end the sign-in, so there is
 * only ever one refresh in flight.
 */
import type { TokenPair } from '../../protocol/dto.ts';
import { accessTokenItem, legacyTokenItem, refreshTokenItem, serverUrlItem } from '../../utils/storage.ts';

/** An access token this close to its end is renewed before a handshake rather than sent to be refused. */
export const REFRESH_MARGIN_MS = 60_000;

export type AccessAnswer =
  | { kind: 'token'; token: string }
  /** not signed in */
  | { kind: 'none' }
  /** the server refused the refresh token: the sign-in is over */
  | { kind: 'refused' }
  /** the server could not be asked or did not answer sensibly; ask again later */
  | { kind: 'unreachable' };

export interface Tokens {
  /** the access token to connect with, renewed first when it is missing or about to expire */
  access(): Promise<AccessAnswer>;
  /** a handshake with `refused` was turned down: a newer access token, refreshing unless one already came */
  renew(refused: string): Promise<AccessAnswer>;
  save(pair: TokenPair): Promise<void>;
  refreshToken(): Promise<string | null>;
  forget(): Promise<void>;
}

export interface TokensDeps {
  fetch?: typeof fetch;
  now?: () => number;
}

export function isTokenPair(value: unknown): value is TokenPair {
  const pair = value as Partial<TokenPair> | null;
  return (
    typeof pair?.accessToken === 'string' &&
    pair.accessToken.length > 0 &&
    typeof pair.refreshToken === 'string' &&
    pair.refreshToken.length > 0 &&
    typeof pair.accessTokenExpiresInMs === 'number' &&
    pair.accessTokenExpiresInMs > 0
  );
}

export function createTokens({ fetch: fetchImpl = (...args) => fetch(...args), now = Date.now }: TokensDeps = {}): Tokens {
  let inFlight: Promise<AccessAnswer> | null = null;

  async function save(pair: TokenPair): Promise<void> {
    await Promise.all([
      accessTokenItem.setValue({ token: pair.accessToken, expiresAt: now() + pair.accessTokenExpiresInMs }),
      refreshTokenItem.setValue(pair.refreshToken),
    ]);
  }

  async function exchange(): Promise<AccessAnswer> {
    const [serverUrl, refreshToken] = await Promise.all([serverUrlItem.getValue(), refreshTokenItem.getValue()]);
    // signed in by a version before refresh tokens: that sign-in cannot be renewed
    if (!serverUrl || !refreshToken) return (await legacyTokenItem.getValue()) ? { kind: 'refused' } : { kind: 'none' };
    let response: Response;
    try {
      response = await fetchImpl(`${serverUrl}/api/auth/refresh`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ refreshToken }),
      });
    } catch {
      return { kind: 'unreachable' };
    }
    if (response.status === 400 || response.status === 401) return { kind: 'refused' };
    const pair: unknown = response.ok ? await response.json().catch(() => null) : null;
    if (!isTokenPair(pair)) return { kind: 'unreachable' };
    // signed out (or in again) while the request was out: the answer belongs to a sign-in that is over
    if ((await refreshTokenItem.getValue()) !== refreshToken) return { kind: 'none' };
    await save(pair);
    return { kind: 'token', token: pair.accessToken };
  }

  function refresh(): Promise<AccessAnswer> {
    inFlight ??= exchange().finally(() => (inFlight = null));
    return inFlight;
  }

  const usable = async (except?: string) => {
    const stored = await accessTokenItem.getValue();
    return stored && stored.token !== except && stored.expiresAt - now() > REFRESH_MARGIN_MS ? stored.token : null;
  };

  return {
    async access() {
      const token = await usable();
      return token ? { kind: 'token', token } : refresh();
    },
    async renew(refused) {
      const token = await usable(refused);
      return token ? { kind: 'token', token } : refresh();
    },
    save,
    refreshToken: () => refreshTokenItem.getValue(),
    async forget() {
      await Promise.all([accessTokenItem.removeValue(), refreshTokenItem.removeValue(), legacyTokenItem.removeValue()]);
    },
  };
}
