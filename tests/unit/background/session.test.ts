import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { putMessages, readCacheOwner, upsertConversations } from '../../../entrypoints/background/cache.ts';
import type { Connection } from '../../../entrypoints/background/connection.ts';
import { createSerialQueue } from '../../../entrypoints/background/queue.ts';
import { createSession, normaliseServerUrl, type Session } from '../../../entrypoints/background/session.ts';
import { createTokens } from '../../../entrypoints/background/tokens.ts';
import { db } from '../../../utils/db.ts';
import {
  accessTokenItem,
  agentItem,
  legacyTokenItem,
  managedLockServerUrlItem,
  managedServerUrlItem,
  refreshTokenItem,
  serverUrlItem,
  sessionExpiredItem,
} from '../../../utils/storage.ts';
import { agent, conversation, message } from '../helpers/fixtures.ts';
import { resetExtension } from '../helpers/reset.ts';

let connection: { [K in keyof Connection]: ReturnType<typeof vi.fn> };
let fetchMock: ReturnType<typeof vi.fn<typeof fetch>>;
let session: Session;

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

beforeEach(async () => {
  await resetExtension();
  connection = {
    socket: vi.fn(() => null),
    ensure: vi.fn(async () => undefined),
    ready: vi.fn(async () => null),
    close: vi.fn(async () => undefined),
  };
  fetchMock = vi.fn<typeof fetch>();
  const tokens = createTokens({ fetch: fetchMock });
  session = createSession({ connection: connection as unknown as Connection, queue: createSerialQueue(), tokens, fetch: fetchMock });
});

const signedIn = (overrides: Record<string, unknown> = {}) =>
  json(200, { accessToken: 'acc-1', accessTokenExpiresInMs: 15 * 60_000, refreshToken: 'ref-1', agent: agent(), ...overrides });

const credentials = { serverUrl: 'https://chat.example.com/', email: 'ada@example.com', password: 'correct horse' };

async function cacheSomething(): Promise<void> {
  await upsertConversations([conversation()]);
  await putMessages([message({ seq: 1 })]);
}

describe('session', () => {
  it('signs in with a JSON POST to /api/auth/login, keeps the access token in session storage and the refresh token, agent and server in local storage, and connects', async () => {
    fetchMock.mockResolvedValue(signedIn());
    const before = Date.now();

    const result = await session.signIn(credentials);

    expect(result).toEqual({ ok: true, data: agent() });
    const [url, init] = fetchMock.mock.calls[0]!;
    expect(url).toBe('https://chat.example.com/api/auth/login');
    expect(init).toMatchObject({ method: 'POST', headers: { 'content-type': 'application/json' } });
    expect(JSON.parse(init!.body as string)).toEqual({ email: 'ada@example.com', password: 'correct horse' });
    expect(await fakeBrowser.storage.session.get('accessToken')).toEqual({ accessToken: { token: 'acc-1', expiresAt: expect.any(Number) } });
    expect((await accessTokenItem.getValue())!.expiresAt).toBeGreaterThanOrEqual(before + 15 * 60_000);
    expect(await fakeBrowser.storage.local.get('refreshToken')).toEqual({ refreshToken: 'ref-1' });
    expect(await fakeBrowser.storage.local.get(['accessToken', 'token'])).toEqual({});
    expect(await agentItem.getValue()).toEqual(agent());
    expect(await serverUrlItem.getValue()).toBe('https://chat.example.com');
    expect(connection.ensure).toHaveBeenCalled();
  });

  it('answers unauthorized for wrong credentials and stores no token', async () => {
    fetchMock.mockResolvedValue(json(401, { error: 'unauthorized' }));
    expect(await session.signIn(credentials)).toEqual({ ok: false, error: 'unauthorized' });
    expect(await refreshTokenItem.getValue()).toBeNull();
    expect(connection.ensure).not.toHaveBeenCalled();
  });

  it('answers network when the server cannot be reached', async () => {
    fetchMock.mockRejectedValue(new TypeError('Failed to fetch'));
    expect(await session.signIn(credentials)).toEqual({ ok: false, error: 'network' });
  });

  it('answers network to a sign-in answer without a refresh token, and stores nothing', async () => {
    fetchMock.mockResolvedValue(json(200, { token: 'old-style', agent: agent() }));
    expect(await session.signIn(credentials)).toEqual({ ok: false, error: 'network' });
    expect(await accessTokenItem.getValue()).toBeNull();
  });

  it('signs out: revokes the sign-in with its refresh token, forgets both tokens and wipes the cache', async () => {
    fetchMock.mockResolvedValueOnce(signedIn());
    await session.signIn(credentials);
    await cacheSomething();
    fetchMock.mockResolvedValueOnce(new Response(null, { status: 204 }));

    expect(await session.signOut()).toEqual({ ok: true, data: null });

    const [url, init] = fetchMock.mock.calls[1]!;
    expect(url).toBe('https://chat.example.com/api/auth/logout');
    expect(init).toMatchObject({ method: 'POST', headers: { 'content-type': 'application/json' } });
    expect(JSON.parse(init!.body as string)).toEqual({ refreshToken: 'ref-1' });
    expect(connection.close).toHaveBeenCalled();
    expect(await accessTokenItem.getValue()).toBeNull();
    expect(await refreshTokenItem.getValue()).toBeNull();
    expect(await agentItem.getValue()).toBeNull();
    expect(await db.conversations.count()).toBe(0);
    expect(await db.messages.count()).toBe(0);
  });

  it('sign-out forgets the tokens before it closes the socket or calls the server', async () => {
    fetchMock.mockResolvedValueOnce(signedIn());
    await session.signIn(credentials);
    const seen: unknown[] = [];
    const look = async () => seen.push(await accessTokenItem.getValue(), await refreshTokenItem.getValue());
    connection.close.mockImplementation(look);
    fetchMock.mockImplementationOnce(async () => {
      await look();
      return new Response(null, { status: 204 });
    });

    await session.signOut();
    expect(seen).toEqual([null, null, null, null]);
  });

  it('wipes the cache first when a different agent signs in, and keeps it for the same agent', async () => {
    fetchMock.mockResolvedValue(signedIn());
    await session.signIn(credentials);
    await cacheSomething();
    await session.expire();

    await session.signIn(credentials);
    expect(await db.messages.count()).toBe(1);

    fetchMock.mockResolvedValue(signedIn({ accessToken: 'acc-2', refreshToken: 'ref-2', agent: agent({ id: 'agent-2', name: 'Bo' }) }));
    await session.signIn(credentials);
    expect(await db.messages.count()).toBe(0);
    expect(await db.conversations.count()).toBe(0);
    expect(await readCacheOwner()).toEqual({ agentId: 'agent-2', serverUrl: 'https://chat.example.com' });
  });

  it('an ended sign-in is forgotten locally, the old single token included, without calling the server, and the sign-in screen says why', async () => {
    await Promise.all([
      accessTokenItem.setValue({ token: 'dead', expiresAt: Date.now() + 60_000 }),
      refreshTokenItem.setValue('dead-too'),
      legacyTokenItem.setValue('old'),
      agentItem.setValue(agent()),
    ]);
    await session.expire();
    expect(await accessTokenItem.getValue()).toBeNull();
    expect(await refreshTokenItem.getValue()).toBeNull();
    expect(await legacyTokenItem.getValue()).toBeNull();
    expect(await agentItem.getValue()).toBeNull();
    expect(await sessionExpiredItem.getValue()).toBe(true);
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('accepts only http(s) server addresses, without credentials or query', () => {
    expect(normaliseServerUrl(' https://chat.example.com/inbox/ ')).toEqual({ ok: true, url: 'https://chat.example.com/inbox' });
    const invalid = { ok: false, error: 'invalid_payload' };
    expect(normaliseServerUrl('javascript:alert(1)')).toEqual(invalid);
    expect(normaliseServerUrl('https://user:pw@chat.example.com')).toEqual(invalid);
    expect(normaliseServerUrl('chat.example.com')).toEqual(invalid);
  });

  it('refuses plain http:// for every host but localhost, 127.0.0.1 and [::1]', () => {
    for (const local of ['http://localhost:3000', 'http://127.0.0.1:3000/', 'http://[::1]:3000', 'HTTP://LOCALHOST']) {
      expect(normaliseServerUrl(local)).toMatchObject({ ok: true });
    }
    for (const remote of ['http://chat.example.com', 'http://10.0.0.5:3000', 'http://localhost.example.com', 'http://127.0.0.2', 'http://[::2]']) {
      expect(normaliseServerUrl(remote)).toEqual({ ok: false, error: 'insecure_server' });
    }
  });

  it('does not send the password to a plain http:// server on another machine', async () => {
    expect(await session.signIn({ ...credentials, serverUrl: 'http://chat.example.com' })).toEqual({ ok: false, error: 'insecure_server' });
    expect(fetchMock).not.toHaveBeenCalled();
    expect(await serverUrlItem.getValue()).toBeNull();
  });

  it('refuses every other server when a policy locks the server address, without sending it the password', async () => {
    await managedServerUrlItem.setValue('https://chat.corp.example');
    await managedLockServerUrlItem.setValue(true);

    expect(await session.signIn(credentials)).toEqual({ ok: false, error: 'server_locked' });
    expect(fetchMock).not.toHaveBeenCalled();
    expect(await serverUrlItem.getValue()).toBeNull();
  });

  it("signs in to a locking policy's own server, however its address is written", async () => {
    await managedServerUrlItem.setValue('https://chat.example.com/');
    await managedLockServerUrlItem.setValue(true);
    fetchMock.mockResolvedValue(signedIn());

    expect(await session.signIn({ ...credentials, serverUrl: 'https://chat.example.com' })).toEqual({ ok: true, data: agent() });
    expect(fetchMock.mock.calls[0]![0]).toBe('https://chat.example.com/api/auth/login');
  });

  it("a policy's server address without the lock only presets it: signing in elsewhere works", async () => {
    await managedServerUrlItem.setValue('https://chat.corp.example');
    fetchMock.mockResolvedValue(signedIn());

    expect(await session.signIn(credentials)).toEqual({ ok: true, data: agent() });
  });
});
