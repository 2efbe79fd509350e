import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { putMessages, upsertConversations } from '../../../entrypoints/background/cache.ts';
import { createSerialQueue, type SerialQueue } from '../../../entrypoints/background/queue.ts';
import { bindServerEvents } from '../../../entrypoints/background/server-events.ts';
import { db } from '../../../utils/db.ts';
import { agentItem } from '../../../utils/storage.ts';
import { FakeSocket } from '../helpers/fake-socket.ts';
import { agent, conversation, message, offer, visitor } from '../helpers/fixtures.ts';
import { resetExtension } from '../helpers/reset.ts';

let socket: FakeSocket;
let queue: SerialQueue;
const pull = vi.fn(async () => undefined);

beforeEach(async () => {
  await resetExtension();
  pull.mockClear();
  socket = new FakeSocket('http://server/agent', {});
  queue = createSerialQueue();
  bindServerEvents(socket.asSocket(), { queue, pull });
});

describe('server events', () => {
  it('offer:created stores the offer, raises a notification with Accept/Decline and counts it on the badge', async () => {
    const o = offer({ id: 'o1', conversation: conversation({ id: 'conv-9', status: 'waiting', visitor: visitor({ name: 'Vera' }) }) });
    socket.push('offer:created', o);
    await queue.idle();

    expect(await db.offers.get('o1')).toMatchObject({ id: 'o1' });
    const shown = fakeBrowser.notifications.getAllCreateOptions();
    expect(Object.keys(shown)).toEqual(['offer:o1']);
    expect(shown['offer:o1']).toMatchObject({
      type: 'basic',
      message: 'Vera wants to chat',
      requireInteraction: true,
      buttons: [{ title: 'Accept' }, { title: 'Decline' }],
    });
    expect(await fakeBrowser.action.getBadgeText({})).toBe('1');
    expect(await fakeBrowser.action.getBadgeBackgroundColor({})).toEqual([217, 48, 37, 255]);
  });

  it('offer:ended removes the offer, clears its notification and empties the badge', async () => {
    socket.push('offer:created', offer({ id: 'o1' }));
    socket.push('offer:ended', { offerId: 'o1', conversationId: 'conv-9', reason: 'expired' });
    await queue.idle();

    expect(await db.offers.count()).toBe(0);
    expect(await fakeBrowser.notifications.getAll()).toEqual({});
    expect(await fakeBrowser.action.getBadgeText({})).toBe('');
  });

  it("offer:updated adds the visitor's first message to the stored offer and to the notification on screen, without a second one or a chime", async () => {
    socket.push('offer:created', offer({ id: 'o1' }));
    await queue.idle();
    const created = vi.spyOn(fakeBrowser.notifications, 'create');
    const updated = vi.fn(async () => true);
    fakeBrowser.notifications.update = updated as typeof fakeBrowser.notifications.update;
    socket.push('offer:updated', offer({ id: 'o1', firstMessage: 'Do you ship to Norway?', page: { url: 'https://shop.test/', title: 'Shop' } }));
    await queue.idle();

    expect(await db.offers.get('o1')).toMatchObject({ firstMessage: 'Do you ship to Norway?', page: { url: 'https://shop.test/', title: 'Shop' } });
    expect(created).not.toHaveBeenCalled();
    expect(updated).toHaveBeenCalledWith('offer:o1', { message: expect.stringContaining('“Do you ship to Norway?”'), contextMessage: 'Shop' });
    created.mockRestore();
  });

  it('offer:updated for an offer that already ended stores nothing', async () => {
    socket.push('offer:created', offer({ id: 'o1' }));
    socket.push('offer:ended', { offerId: 'o1', conversationId: 'conv-9', reason: 'declined' });
    socket.push('offer:updated', offer({ id: 'o1', firstMessage: 'Hello' }));
    await queue.idle();
    expect(await db.offers.count()).toBe(0);
  });

  it('message:created that leaves a gap asks for a catch-up pull', async () => {
    await putMessages([message({ seq: 1 })]);
    socket.push('message:created', message({ seq: 5 }));
    await queue.idle();
    expect(pull).toHaveBeenCalledOnce();
  });

  it('a burst of message:created is stored in a couple of transactions, each message once, in order', async () => {
    await upsertConversations([conversation({ lastSeq: 0 })]);
    const bulkPut = vi.spyOn(db.messages, 'bulkPut');
    for (let seq = 1; seq <= 1000; seq++) socket.push('message:created', message({ seq }));
    await queue.idle();

    // the first message starts a write; all that arrive while it runs share the next transaction
    expect(bulkPut.mock.calls.length).toBeLessThanOrEqual(2);
    const stored = await db.messages.toArray();
    expect(stored.map((m) => m.seq)).toEqual(Array.from({ length: 1000 }, (_, i) => i + 1));
    expect((await db.conversations.get('conv-1'))?.lastSeq).toBe(1000);
    expect(pull).not.toHaveBeenCalled();
    bulkPut.mockRestore();
  });

  it("messages:created stores a commit's messages in one transaction, in order, after single ones that came before", async () => {
    await upsertConversations([conversation({ lastSeq: 0 })]);
    const bulkPut = vi.spyOn(db.messages, 'bulkPut');
    socket.push('message:created', message({ seq: 1 }));
    socket.push('messages:created', [message({ seq: 2 }), message({ seq: 3 }), message({ seq: 4 })]);
    socket.push('messages:created', []);
    await queue.idle();

    expect(bulkPut.mock.calls.length).toBeLessThanOrEqual(2);
    expect((await db.messages.toArray()).map((m) => m.seq)).toEqual([1, 2, 3, 4]);
    expect((await db.conversations.get('conv-1'))?.lastSeq).toBe(4);
    expect(pull).not.toHaveBeenCalled();
    bulkPut.mockRestore();
  });

  it('a burst raises its notification once, after its last batch is stored, showing the newest message', async () => {
    await upsertConversations([conversation({ lastSeq: 0 })]);
    const put = db.messages.bulkPut;
    const bulkPut = vi.spyOn(db.messages, 'bulkPut');
    // the rest of the burst arrives while the first message is being written
    bulkPut.mockImplementationOnce((...args) => {
      for (let seq = 2; seq <= 1000; seq++) socket.push('message:created', message({ seq }));
      return put.apply(db.messages, args as Parameters<typeof put>);
    });
    const create = vi.spyOn(fakeBrowser.notifications, 'create');
    socket.push('message:created', message({ seq: 1 }));
    await queue.idle();

    // stored in two transactions (the first message, then all that came while it was written) ...
    expect(bulkPut).toHaveBeenCalledTimes(2);
    // ... and alerted once, after both: nothing stood between the batches
    expect(create).toHaveBeenCalledOnce();
    expect(create.mock.calls[0]![1]).toMatchObject({ message: 'message 1000' });
    expect(await fakeBrowser.action.getBadgeText({})).toBe('1');
    create.mockRestore();
    bulkPut.mockRestore();
  });

  it('conversation:ended marks the cached conversation ended', async () => {
    await upsertConversations([conversation()]);
    socket.push('conversation:ended', conversation({ status: 'ended', endedAt: 2, endedBy: 'visitor' }));
    await queue.idle();
    expect(await db.conversations.get('conv-1')).toMatchObject({ status: 'ended', endedBy: 'visitor' });
  });

  it('agent:updated stores the agent for the side panel', async () => {
    socket.push('agent:updated', agent({ available: true }));
    await queue.idle();
    expect(await agentItem.getValue()).toMatchObject({ id: 'agent-1', available: true });
  });
});
