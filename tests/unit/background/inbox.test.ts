import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { refreshOfferAlerts } from '../../../entrypoints/background/alerts.ts';
import { pruneCache, putMessages, RETENTION_MS, upsertConversations } from '../../../entrypoints/background/cache.ts';
import type { Connection } from '../../../entrypoints/background/connection.ts';
import { createInboxActions } from '../../../entrypoints/background/inbox.ts';
import { listenToNotificationClicks } from '../../../entrypoints/background/notifications.ts';
import { createSerialQueue, type SerialQueue } from '../../../entrypoints/background/queue.ts';
import { REMINDER_ALARM, remindPendingOffers } from '../../../entrypoints/background/reminders.ts';
import { bindServerEvents } from '../../../entrypoints/background/server-events.ts';
import { pullSnapshot } from '../../../entrypoints/background/sync.ts';
import { db } from '../../../utils/db.ts';
import { onPlayChime } from '../../../utils/offscreen.ts';
import { alertSettingsItem, onScreenItem } from '../../../utils/storage.ts';
import { FakeSocket } from '../helpers/fake-socket.ts';
import { conversation, message, offer, snapshot, T0 } from '../helpers/fixtures.ts';
import { resetExtension } from '../helpers/reset.ts';

let socket: FakeSocket;
let queue: SerialQueue;

beforeEach(async () => {
  await resetExtension();
  socket = new FakeSocket('http://server/agent', {});
  socket.connected = true;
  queue = createSerialQueue();
});

const connection = (): Connection => ({ socket: () => socket.asSocket(), ensure: async () => {}, ready: async () => socket.asSocket(), close: async () => {} });
const badge = () => fakeBrowser.action.getBadgeText({});
const notificationIds = async () => Object.keys(await fakeBrowser.notifications.getAll()).sort();

describe('batched message writes', () => {
  it('writes messages that arrive while the cache is busy in one transaction', async () => {
    await upsertConversations([conversation({ id: 'a' }), conversation({ id: 'b' })]);
    bindServerEvents(socket.asSocket(), { queue, pull: vi.fn(async () => undefined) });
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    queue.push(() => gate);
    const transaction = vi.spyOn(db, 'transaction');

    socket.push('message:created', message({ conversationId: 'a', seq: 1 }));
    socket.push('message:created', message({ conversationId: 'b', seq: 1 }));
    socket.push('message:created', message({ conversationId: 'a', seq: 2 }));
    release();
    await queue.idle();

    const writes = transaction.mock.calls.filter((args) => args.some((a) => Array.isArray(a) && a.includes(db.messages)));
    expect(writes).toHaveLength(1);
    expect(await db.messages.count()).toBe(3);
    transaction.mockRestore();
  });
});

describe('badge and unread chats', () => {
  it('counts pending offers plus active chats with unread messages, and drops a chat once read', async () => {
    await upsertConversations([conversation({ id: 'a' }), conversation({ id: 'b' })]);
    await putMessages([message({ conversationId: 'a', seq: 1 }), message({ conversationId: 'a', seq: 2 })]);
    await db.offers.put(offer());
    await refreshOfferAlerts();
    expect(await badge()).toBe('2');

    const inbox = createInboxActions({ connection: connection(), queue });
    await inbox.markRead('a');
    expect(await badge()).toBe('1');
    expect((await db.conversations.get('a'))?.readSeq).toBe(2);
  });

  it('counts the agent’s own message as having read the chat', async () => {
    await upsertConversations([conversation({ id: 'a' })]);
    await putMessages([message({ conversationId: 'a', seq: 1 }), message({ conversationId: 'a', seq: 2, author: 'agent' })]);
    await refreshOfferAlerts();
    expect(await badge()).toBe('');
  });
});

describe('new-message notifications', () => {
  beforeEach(async () => {
    await upsertConversations([conversation({ id: 'a' })]);
    bindServerEvents(socket.asSocket(), { queue, pull: vi.fn(async () => undefined) });
  });

  it('notifies about a visitor message in a chat that is not on screen', async () => {
    const create = vi.spyOn(fakeBrowser.notifications, 'create');
    socket.push('message:created', message({ conversationId: 'a', seq: 1, body: 'Are you there?' }));
    await queue.idle();
    expect(await notificationIds()).toEqual(['message:a']);
    expect(create).toHaveBeenCalledWith('message:a', expect.objectContaining({ message: 'Are you there?', title: 'New message from Vera Visitor' }));
  });

  it('stays quiet for the chat on screen and when the setting is off', async () => {
    await onScreenItem.setValue('a');
    socket.push('message:created', message({ conversationId: 'a', seq: 1 }));
    await queue.idle();
    await onScreenItem.setValue(null);
    await alertSettingsItem.setValue({ sound: true, messageNotifications: false });
    socket.push('message:created', message({ conversationId: 'a', seq: 2 }));
    await queue.idle();
    expect(await notificationIds()).toEqual([]);
  });

  it('clears the chat’s notification once it is read', async () => {
    socket.push('message:created', message({ conversationId: 'a', seq: 1 }));
    await queue.idle();
    await createInboxActions({ connection: connection(), queue }).markRead('a');
    expect(await notificationIds()).toEqual([]);
  });
});

describe('notification clicks', () => {
  it('open the panel on the clicked offer or chat', async () => {
    const openPanel = vi.fn();
    const focus = vi.fn(async () => undefined);
    listenToNotificationClicks({ openPanel, focus, accept: vi.fn(), decline: vi.fn() });
    await fakeBrowser.notifications.onClicked.trigger('offer:o1');
    await fakeBrowser.notifications.onClicked.trigger('message:a');
    await fakeBrowser.notifications.onClicked.trigger('something-else');
    expect(openPanel).toHaveBeenCalledTimes(2);
    expect(focus.mock.calls).toEqual([[{ kind: 'offer', offerId: 'o1' }], [{ kind: 'conversation', conversationId: 'a' }]]);
  });
});

describe('offer reminders', () => {
  it('sets a reminder alarm while an offer is pending and removes it when none is', async () => {
    await db.offers.put(offer());
    await refreshOfferAlerts();
    expect(await fakeBrowser.alarms.get(REMINDER_ALARM)).toMatchObject({ periodInMinutes: 0.5 });
    await db.offers.clear();
    await refreshOfferAlerts();
    expect(await fakeBrowser.alarms.get(REMINDER_ALARM)).toBeUndefined();
  });

  it('pops up the notification of every offer still pending again, skipping expired ones', async () => {
    await db.offers.bulkPut([offer({ id: 'live', expiresAt: T0 + 45_000 }), offer({ id: 'gone', conversationId: 'c2', expiresAt: T0 - 1 })]);
    const reminded = await remindPendingOffers(T0);
    expect(reminded).toBe(1);
    expect(await notificationIds()).toEqual(['offer:live']);
  });
});

describe('offer sound', () => {
  it('plays the chime through the offscreen document for a new offer, unless muted', async () => {
    const created: unknown[] = [];
    fakeBrowser.offscreen.hasDocument = vi.fn(async () => created.length > 0);
    fakeBrowser.offscreen.createDocument = vi.fn(async (options) => void created.push(options));
    const chimes = vi.fn(() => true);
    onPlayChime(chimes);

    await db.offers.put(offer({ id: 'o1' }));
    await refreshOfferAlerts();
    expect(created).toEqual([expect.objectContaining({ url: '/offscreen.html', reasons: ['AUDIO_PLAYBACK'] })]);
    expect(chimes).toHaveBeenCalledOnce();

    await alertSettingsItem.setValue({ sound: false, messageNotifications: true });
    await db.offers.put(offer({ id: 'o2', conversationId: 'c2' }));
    await refreshOfferAlerts();
    expect(chimes).toHaveBeenCalledOnce();
  });
});

describe('inbox reads', () => {
  it('writes a page of the conversation list into the cache in one go and answers its ids', async () => {
    socket.reply('conversation:list', () => ({
      ok: true,
      data: { items: [conversation({ id: 'p1', status: 'ended', endedAt: T0 }), conversation({ id: 'p2', status: 'missed', endedAt: T0 })], nextCursor: 'next' },
    }));
    const result = await createInboxActions({ connection: connection(), queue }).list({ filter: 'all' });
    expect(result).toEqual({ ok: true, data: { ids: ['p1', 'p2'], nextCursor: 'next' } });
    expect((await db.conversations.toArray()).map((c) => c.id).sort()).toEqual(['p1', 'p2']);
  });

  it('stores an opened transcript and passes a refusal on unchanged', async () => {
    socket.reply('conversation:open', (input) =>
      (input as { conversationId: string }).conversationId === 'p1'
        ? { ok: true, data: { conversation: conversation({ id: 'p1', status: 'ended', lastSeq: 2 }), messages: [message({ conversationId: 'p1', seq: 1 }), message({ conversationId: 'p1', seq: 2 })] } }
        : { ok: false, error: 'forbidden' },
    );
    const inbox = createInboxActions({ connection: connection(), queue });
    expect(await inbox.open('p1')).toEqual({ ok: true, data: null });
    expect(await db.messages.where('conversationId').equals('p1').count()).toBe(2);
    expect(await inbox.open('theirs')).toEqual({ ok: false, error: 'forbidden' });
    expect(await db.conversations.get('theirs')).toBeUndefined();
  });

  it('answers offline without a connection', async () => {
    const inbox = createInboxActions({ connection: { ...connection(), socket: () => null, ready: async () => null }, queue });
    expect(await inbox.history('v1')).toEqual({ ok: false, error: 'offline' });
  });
});

describe('waking up', () => {
  it('shows what was missed while the worker was stopped: offers notify, unread chats count, old ones go', async () => {
    await upsertConversations([conversation({ id: 'old', status: 'ended', endedAt: T0 })]);
    socket.reply('sync:pull', () => ({
      ok: true,
      data: snapshot({ offers: [offer({ id: 'missed-offer' })], conversations: [conversation({ id: 'a', lastSeq: 1 })], messages: [message({ conversationId: 'a', seq: 1 })], serverTime: Date.now() }),
    }));
    await pullSnapshot(socket.asSocket());
    expect(await notificationIds()).toEqual(['offer:missed-offer']);
    expect(await badge()).toBe('2');
    expect(await db.conversations.get('old')).toBeUndefined();
  });
});

describe('retention', () => {
  it('drops past conversations older than 90 days with their messages, and keeps the rest', async () => {
    const now = T0 + RETENTION_MS + 10_000;
    await upsertConversations([
      conversation({ id: 'old', status: 'ended', endedAt: T0 }),
      conversation({ id: 'recent', status: 'ended', createdAt: now - 1000, endedAt: now - 500 }),
      conversation({ id: 'open' }),
    ]);
    await putMessages([message({ conversationId: 'old', seq: 1 })]);
    expect(await pruneCache(now)).toBe(1);
    expect((await db.conversations.toArray()).map((c) => c.id).sort()).toEqual(['open', 'recent']);
    expect(await db.messages.count()).toBe(0);
  });
});
