import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createConnection, EVICTION_RETRY_MS, HEARTBEAT_MS, type Connection } from '../../../entrypoints/background/connection.ts';
import { KEEPALIVE_ALARMS } from '../../../entrypoints/background/alarms.ts';
import type { AccessAnswer } from '../../../entrypoints/background/tokens.ts';
import { connectionItem, serverUrlItem } from '../../../utils/storage.ts';
import { createFakeSocketFactory, type FakeSocket } from '../helpers/fake-socket.ts';
import { resetExtension } from '../helpers/reset.ts';

let sockets: FakeSocket[];
let connection: Connection;
const onConnect = vi.fn(async () => true);
const onUnauthorized = vi.fn(async () => undefined);
const bind = vi.fn();
const token = (value: string): AccessAnswer => ({ kind: 'token', token: value });
const tokens = {
  access: vi.fn(async (): Promise<AccessAnswer> => token('secret-token')),
  renew: vi.fn(async (_refused: string): Promise<AccessAnswer> => token('renewed-token')),
};

beforeEach(async () => {
  await resetExtension();
  vi.clearAllMocks();
  tokens.access.mockImplementation(async () => token('secret-token'));
  tokens.renew.mockImplementation(async () => token('renewed-token'));
  const fake = createFakeSocketFactory();
  sockets = fake.sockets;
  connection = createConnection({ factory: fake.factory, tokens, bind, onConnect, onUnauthorized });
});

async function signedIn(): Promise<void> {
  await serverUrlItem.setValue('http://chat.example.com');
}

const status = async () => (await connectionItem.getValue()).status;

describe('connection', () => {
  it('opens one websocket to <server>/agent with the token in the handshake, never in the URL', async () => {
    await signedIn();
    await Promise.all([connection.ensure(), connection.ensure()]);

    expect(sockets).toHaveLength(1);
    expect(sockets[0]!.uri).toBe('http://chat.example.com/agent');
    expect(sockets[0]!.uri).not.toContain('secret-token');
    expect(sockets[0]!.options).toMatchObject({ transports: ['websocket'] });
    expect(await sockets[0]!.handshake()).toEqual({ token: 'secret-token' });
    expect(bind).toHaveBeenCalledOnce();
    expect(await status()).toBe('connecting');
  });

  it('reaches a server behind a path prefix through the socket.io path, keeping the /agent namespace', async () => {
    await serverUrlItem.setValue('https://example.com/chat/');
    await connection.ensure();

    expect(sockets[0]!.uri).toBe('https://example.com/agent');
    expect(sockets[0]!.options).toMatchObject({ path: '/chat/socket.io' });
  });

  it('stays offline without a token', async () => {
    tokens.access.mockResolvedValue({ kind: 'none' });
    await serverUrlItem.setValue('http://chat.example.com');
    await connection.ensure();
    expect(sockets).toHaveLength(0);
    expect(await status()).toBe('offline');
  });

  it('catches up on every connect and reports online, then connecting when the link drops', async () => {
    await signedIn();
    await connection.ensure();
    const socket = sockets[0]!;

    socket.open();
    await vi.waitFor(async () => expect(await status()).toBe('online'));
    expect(onConnect).toHaveBeenCalledOnce();
    expect(connection.socket()).not.toBeNull();

    socket.drop();
    await vi.waitFor(async () => expect(await status()).toBe('connecting'));
    expect(connection.socket()).toBeNull();

    socket.open();
    await vi.waitFor(() => expect(onConnect).toHaveBeenCalledTimes(2));
  });

  it('stays "syncing" when the catch-up fails, and ensure() retries it', async () => {
    onConnect.mockResolvedValueOnce(false);
    await signedIn();
    await connection.ensure();
    sockets[0]!.open();
    await vi.waitFor(async () => expect(await status()).toBe('syncing'));

    await connection.ensure();
    expect(onConnect).toHaveBeenCalledTimes(2);
    expect(await status()).toBe('online');
  });

  it('every handshake, reconnections included, carries the newest access token', async () => {
    await signedIn();
    await connection.ensure();
    tokens.access.mockResolvedValue(token('refreshed-token'));
    expect(await sockets[0]!.handshake()).toEqual({ token: 'refreshed-token' });
  });

  it('a handshake refused as unauthorized renews the access token once and connects again with it', async () => {
    await signedIn();
    await connection.ensure();
    const socket = sockets[0]!;
    await socket.handshake();

    socket.refuse('unauthorized');

    await vi.waitFor(() => expect(socket.connectCalls).toBe(1));
    expect(tokens.renew).toHaveBeenCalledExactlyOnceWith('secret-token');
    expect(onUnauthorized).not.toHaveBeenCalled();
  });

  it('the sign-in is over when the renewed access token is refused too', async () => {
    await signedIn();
    await connection.ensure();
    const socket = sockets[0]!;
    await socket.handshake();
    socket.refuse('unauthorized');
    await vi.waitFor(() => expect(socket.connectCalls).toBe(1));
    tokens.access.mockResolvedValue(token('renewed-token'));
    await socket.handshake();

    socket.refuse('unauthorized');

    await vi.waitFor(() => expect(onUnauthorized).toHaveBeenCalledOnce());
    expect(tokens.renew).toHaveBeenCalledOnce();
  });

  it('the sign-in is over when the server refuses the refresh token, before a handshake or after one', async () => {
    await signedIn();
    tokens.access.mockResolvedValueOnce({ kind: 'refused' });
    await connection.ensure();
    expect(sockets).toHaveLength(0);
    expect(onUnauthorized).toHaveBeenCalledOnce();

    await connection.ensure();
    tokens.renew.mockResolvedValue({ kind: 'refused' });
    sockets[0]!.refuse('unauthorized');
    await vi.waitFor(() => expect(onUnauthorized).toHaveBeenCalledTimes(2));
    expect(sockets[0]!.connectCalls).toBe(0);
  });

  it('a renewal the server cannot answer now leaves the agent signed in and offline until the next wake-up', async () => {
    await signedIn();
    await connection.ensure();
    tokens.renew.mockResolvedValue({ kind: 'unreachable' });
    sockets[0]!.refuse('unauthorized');
    await vi.waitFor(async () => expect(await status()).toBe('offline'));
    expect(onUnauthorized).not.toHaveBeenCalled();

    await connection.ensure();
    expect(sockets).toHaveLength(1);
    expect(sockets[0]!.connectCalls).toBe(1);
  });
});

describe('commands pressed while the socket is down', () => {
  it('wait for the connection and get the socket once it connects', async () => {
    await signedIn();
    const waiting = connection.ready(5_000);
    await vi.waitFor(() => expect(sockets).toHaveLength(1));
    sockets[0]!.open();
    expect(await waiting).toBe(sockets[0]!.asSocket());
  });

  it('get null (answered as offline) when the connection does not come back in time', async () => {
    await signedIn();
    expect(await connection.ready(30)).toBeNull();
  });

  it('get null at once when signed out', async () => {
    const started = Date.now();
    expect(await connection.ready(5_000)).toBeNull();
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('get null when the connection is closed while they wait', async () => {
    await signedIn();
    const waiting = connection.ready(5_000);
    await vi.waitFor(() => expect(sockets).toHaveLength(1));
    await connection.close();
    expect(await waiting).toBeNull();
  });

  it('a socket that dropped is asked to connect again', async () => {
    await signedIn();
    await connection.ensure();
    const socket = sockets[0]!;
    socket.open();
    socket.disconnect();
    void connection.ready(30);
    expect(socket.connectCalls).toBe(1);
  });
});

describe('staying alive', () => {
  it('sends a presence:ping every 20 s while connected, none once the link is down', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    try {
      await signedIn();
      await connection.ensure();
      const socket = sockets[0]!;
      socket.reply('presence:ping', () => ({ ok: true, data: null }));
      socket.open();
      vi.advanceTimersByTime(HEARTBEAT_MS * 3);
      expect(socket.emittedOf('presence:ping')).toHaveLength(3);

      socket.drop();
      vi.advanceTimersByTime(HEARTBEAT_MS * 3);
      expect(socket.emittedOf('presence:ping')).toHaveLength(3);
    } finally {
      vi.useRealTimers();
    }
  });

  it('the wake-up alarms exist while a connection is wanted, and go with close()', async () => {
    await signedIn();
    await connection.ensure();
    expect(await fakeBrowser.alarms.getAll()).toHaveLength(KEEPALIVE_ALARMS.length);
    await connection.close();
    expect(await fakeBrowser.alarms.getAll()).toEqual([]);
  });

  it('asks again at once when the server closes the connection on purpose, so a refusal signs out now; at most once per 5 s', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      await signedIn();
      await connection.ensure();
      const socket = sockets[0]!;
      socket.open();

      socket.evict();
      expect(socket.connectCalls).toBe(1);
      expect(await status()).toBe('connecting');
      // the handshake is refused (the agent was disabled): renewing is refused too, and the agent is signed out
      tokens.renew.mockResolvedValue({ kind: 'refused' });
      socket.refuse('unauthorized');
      await vi.waitFor(() => expect(onUnauthorized).toHaveBeenCalledOnce());

      // a server that keeps closing the connection gets no second immediate attempt within 5 s
      socket.open();
      socket.evict();
      expect(socket.connectCalls).toBe(1);
      vi.setSystemTime(Date.now() + EVICTION_RETRY_MS);
      socket.open();
      socket.evict();
      expect(socket.connectCalls).toBe(2);
    } finally {
      vi.useRealTimers();
    }
  });

  it('a dropped link (not closed by the server on purpose) is left to socket.io’s own reconnection', async () => {
    await signedIn();
    await connection.ensure();
    const socket = sockets[0]!;
    socket.open();
    socket.drop();
    expect(socket.connectCalls).toBe(0);
    expect(await status()).toBe('connecting');
  });

  it('keeps the time the link went down while it moves between connecting and offline', async () => {
    await signedIn();
    await connection.ensure();
    const socket = sockets[0]!;
    socket.open();
    await vi.waitFor(async () => expect(await status()).toBe('online'));
    socket.drop();
    await vi.waitFor(async () => expect(await status()).toBe('connecting'));
    const down = (await connectionItem.getValue()).since;
    await new Promise((r) => setTimeout(r, 5));
    socket.refuse('xhr poll error');
    await vi.waitFor(async () => expect(await status()).toBe('offline'));
    expect((await connectionItem.getValue()).since).toBe(down);
  });
});
