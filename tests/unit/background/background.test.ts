/**
 * The worker as a whole (its composition root), with socket.io-client and fetch replaced at the module
 * boundary and the side panel's commands sent through the real typed messaging.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import background from '../../../entrypoints/background/index.ts';
import { KEEPALIVE_ALARMS } from '../../../entrypoints/background/alarms.ts';
import type { MessageSendInput, OfferRefInput } from '../../../protocol/schemas.ts';
import { db } from '../../../utils/db.ts';
import { sendCommand } from '../../../utils/messaging.ts';
import { sendCommand as sendFromPanel } from '../../../utils/commands.ts';
import { accessTokenItem, agentItem, focusItem, refreshTokenItem, serverUrlItem, sessionExpiredItem } from '../../../utils/storage.ts';
import { FakeSocket } from '../helpers/fake-socket.ts';
import { agent, conversation, message, offer, snapshot } from '../helpers/fixtures.ts';
import { resetExtension } from '../helpers/reset.ts';

const sockets = vi.hoisted(() => [] as FakeSocket[]);
vi.mock('socket.io-client', async () => {
  const { FakeSocket } = await import('../helpers/fake-socket.ts');
  return {
    io: (uri: string, options: Record<string, unknown>) => {
      const socket = new FakeSocket(uri, options);
      sockets.push(socket);
      return socket;
    },
  };
});

async function startSignedInWorker(): Promise<FakeSocket> {
  await serverUrlItem.setValue('http://chat.example.com');
  await accessTokenItem.setValue({ token: 'acc-1', expiresAt: Date.now() + 15 * 60_000 });
  await refreshTokenItem.setValue('ref-1');
  await agentItem.setValue(agent());
  background.main();
  await vi.waitFor(() => expect(sockets).toHaveLength(1));
  return sockets[0]!;
}

beforeEach(async () => {
  await resetExtension();
  sockets.length = 0;
  fakeBrowser.sidePanel.setPanelBehavior = vi.fn(async () => undefined) as typeof fakeBrowser.sidePanel.setPanelBehavior;
  fakeBrowser.sidePanel.open = vi.fn(async () => undefined) as typeof fakeBrowser.sidePanel.open;
  // (not unstubbed afterwards: that would also remove the fake `browser` and `chrome` globals)
  vi.stubGlobal('fetch', vi.fn());
});

describe('background worker', () => {
  it('on start, connects when signed in, catches up, then sends what the outbox kept', async () => {
    await db.outbox.put({ clientId: 'kept-1', conversationId: 'conv-1', body: 'written offline', createdAt: 1 });
    const socket = await startSignedInWorker();
    socket.reply('sync:pull', () => ({ ok: true, data: snapshot({ conversations: [conversation()] }) }));
    socket.reply('message:send', (input: MessageSendInput) => ({
      ok: true,
      data: message({ seq: 1, clientId: input.clientId, body: input.body, author: 'agent' }),
    }));

    socket.open();

    await vi.waitFor(async () => expect(await db.outbox.count()).toBe(0));
    expect(socket.emitted.map((e) => e.event)).toEqual(['sync:pull', 'message:send']);
    expect(await db.messages.toArray()).toEqual([expect.objectContaining({ clientId: 'kept-1', seq: 1 })]);
  });

  it('schedules the wake-up alarms and sets the toolbar button to open the side panel', async () => {
    await startSignedInWorker();
    await vi.waitFor(async () => expect(await fakeBrowser.alarms.getAll()).toHaveLength(KEEPALIVE_ALARMS.length));
    expect(fakeBrowser.sidePanel.setPanelBehavior).toHaveBeenCalledWith({ openPanelOnActionClick: true });
  });

  it('the side panel sending while offline gets an ok, and the message waits in the outbox', async () => {
    await startSignedInWorker();
    const result = await sendCommand('sendMessage', { conversationId: 'conv-1', body: 'Hello' });
    expect(result).toMatchObject({ ok: true, data: { delivered: false } });
    expect((await db.outbox.toArray()).map((item) => item.body)).toEqual(['Hello']);
  });

  it('a command whose payload fails validation is refused in the panel, never reaching the server', async () => {
    const socket = await startSignedInWorker();
    socket.open();
    expect(await sendFromPanel('acceptOffer', { offerId: '' })).toEqual({ ok: false, error: 'invalid_payload' });
    expect(socket.emittedOf('offer:accept')).toEqual([]);
  });

  it('accepting an offer stores the conversation and drops the offer, its notification and badge count', async () => {
    const socket = await startSignedInWorker();
    socket.reply('sync:pull', () => ({ ok: true, data: snapshot({ offers: [offer({ id: 'o1', conversationId: 'conv-9' })] }) }));
    socket.reply('offer:accept', (input: OfferRefInput) => ({
      ok: input.offerId === 'o1',
      data: conversation({ id: 'conv-9' }),
    }));
    socket.open();
    await vi.waitFor(async () => expect(await fakeBrowser.action.getBadgeText({})).toBe('1'));

    const result = await sendCommand('acceptOffer', { offerId: 'o1' });

    expect(result).toMatchObject({ ok: true, data: { id: 'conv-9' } });
    expect(await db.conversations.get('conv-9')).toMatchObject({ status: 'active', agentId: 'agent-1' });
    expect(await db.offers.count()).toBe(0);
    expect(await fakeBrowser.notifications.getAll()).toEqual({});
    expect(await fakeBrowser.action.getBadgeText({})).toBe('');
  });

  it('a handshake refused as unauthorized refreshes the tokens once and connects again with the new access token', async () => {
    const socket = await startSignedInWorker();
    expect(await socket.handshake()).toEqual({ token: 'acc-1' });
    vi.mocked(fetch).mockResolvedValue(
      Response.json({ accessToken: 'acc-2', accessTokenExpiresInMs: 15 * 60_000, refreshToken: 'ref-2' }),
    );

    socket.refuse('unauthorized');

    await vi.waitFor(() => expect(socket.connectCalls).toBe(1));
    expect(vi.mocked(fetch)).toHaveBeenCalledExactlyOnceWith('http://chat.example.com/api/auth/refresh', expect.objectContaining({ method: 'POST' }));
    expect(await socket.handshake()).toEqual({ token: 'acc-2' });
    expect(await refreshTokenItem.getValue()).toBe('ref-2');
    expect(await agentItem.getValue()).toEqual(agent());
  });

  it('a refused handshake whose refresh is refused too signs the agent out with the "session expired" notice', async () => {
    const socket = await startSignedInWorker();
    await socket.handshake();
    vi.mocked(fetch).mockResolvedValue(Response.json({ error: 'unauthorized' }, { status: 401 }));

    socket.refuse('unauthorized');

    await vi.waitFor(async () => expect(await agentItem.getValue()).toBeNull());
    expect(await refreshTokenItem.getValue()).toBeNull();
    expect(await accessTokenItem.getValue()).toBeNull();
    expect(await sessionExpiredItem.getValue()).toBe(true);
  });

  it('an access token about to expire is refreshed before the handshake', async () => {
    await serverUrlItem.setValue('http://chat.example.com');
    await accessTokenItem.setValue({ token: 'acc-old', expiresAt: Date.now() + 30_000 });
    await refreshTokenItem.setValue('ref-1');
    await agentItem.setValue(agent());
    vi.mocked(fetch).mockResolvedValue(
      Response.json({ accessToken: 'acc-2', accessTokenExpiresInMs: 15 * 60_000, refreshToken: 'ref-2' }),
    );
    background.main();
    await vi.waitFor(() => expect(sockets).toHaveLength(1));
    expect(await sockets[0]!.handshake()).toEqual({ token: 'acc-2' });
    expect(vi.mocked(fetch)).toHaveBeenCalledOnce();
  });

  it("a notification's Accept pressed before the socket is up waits for it, accepts and brings the chat up", async () => {
    const socket = await startSignedInWorker();
    socket.reply('sync:pull', () => ({ ok: true, data: snapshot({ offers: [offer({ id: 'o1', conversationId: 'conv-9' })] }) }));
    socket.reply('offer:accept', () => ({ ok: true, data: conversation({ id: 'conv-9' }) }));

    await fakeBrowser.notifications.onButtonClicked.trigger('offer:o1', 0);
    expect(fakeBrowser.sidePanel.open).toHaveBeenCalledOnce();
    await new Promise((r) => setTimeout(r, 50));
    expect(socket.emittedOf('offer:accept')).toEqual([]);

    socket.open();
    await vi.waitFor(() => expect(socket.emittedOf('offer:accept')).toEqual([{ offerId: 'o1' }]));
    await vi.waitFor(async () => expect(await focusItem.getValue()).toEqual({ kind: 'conversation', conversationId: 'conv-9' }));
  });

  it('the side panel opening connects a worker that is not connected', async () => {
    const socket = await startSignedInWorker();
    socket.open();
    socket.disconnect();
    expect(await sendCommand('connect')).toEqual({ ok: true, data: null });
    expect(socket.connectCalls).toBe(1);
  });

  it('sign-out is final: the token is gone first, and no alarm, start-up or tab switch opens a socket again', async () => {
    const socket = await startSignedInWorker();
    socket.open();
    let tokenAtClose: string | null | undefined;
    const disconnect = socket.disconnect.bind(socket);
    socket.disconnect = () => {
      void refreshTokenItem.getValue().then((token) => (tokenAtClose = token));
      return disconnect();
    };
    vi.mocked(fetch).mockResolvedValue(new Response(null, { status: 204 }));

    expect(await sendCommand('signOut')).toEqual({ ok: true, data: null });
    expect(tokenAtClose).toBeNull();
    expect(await fakeBrowser.alarms.getAll()).toEqual([]);

    await fakeBrowser.alarms.onAlarm.trigger({ name: KEEPALIVE_ALARMS[2]!, scheduledTime: Date.now(), periodInMinutes: 0.5, persistAcrossSessions: true });
    await fakeBrowser.runtime.onStartup.trigger();
    await fakeBrowser.tabs.onActivated.trigger({ tabId: 1, windowId: 1 });
    await sendCommand('connect');
    await new Promise((r) => setTimeout(r, 50));
    expect(sockets).toHaveLength(1);
    expect(socket.connectCalls).toBe(0);
  });
});
