import { beforeEach, describe, expect, it, vi } from 'vitest';
import { putMessages, upsertConversations } from '../../../entrypoints/background/cache.ts';
import type { Connection } from '../../../entrypoints/background/connection.ts';
import { createInboxActions } from '../../../entrypoints/background/inbox.ts';
import { createOutbox } from '../../../entrypoints/background/outbox.ts';
import { createSerialQueue, type SerialQueue } from '../../../entrypoints/background/queue.ts';
import { bindToolkitEvents, createToolkitActions, REPLIES_KEY, TAGS_KEY } from '../../../entrypoints/background/toolkit.ts';
import type { MessageSendInput } from '../../../protocol/schemas.ts';
import type { SearchPage } from '../../../protocol/toolkit.ts';
import { db } from '../../../utils/db.ts';
import { FakeSocket } from '../helpers/fake-socket.ts';
import { conversation, message } from '../helpers/fixtures.ts';
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
const toolkit = () => createToolkitActions({ connection: connection(), queue });

describe('notes in the outbox', () => {
  it('a note leaves by note:add, a message by message:send, in the order they were written, and both are cached', async () => {
    let seq = 0;
    const stored = (note: boolean) => (input: MessageSendInput) => ({
      ok: true,
      data: message({ seq: ++seq, clientId: input.clientId, body: input.body, author: 'agent', ...(note ? { note: true as const } : {}) }),
    });
    socket.reply('message:send', stored(false));
    socket.reply('note:add', stored(true));
    const outbox = createOutbox({ socket: () => socket.asSocket(), deliver: (m) => putMessages([m]) });

    await outbox.enqueue('conv-1', 'Hello', false);
    await outbox.enqueue('conv-1', 'Reseller, check discount', true);

    expect(socket.emitted.map((e) => [e.event, (e.input as MessageSendInput).body])).toEqual([
      ['message:send', 'Hello'],
      ['note:add', 'Reseller, check discount'],
    ]);
    expect((await db.messages.toArray()).map((m) => [m.body, m.note ?? false])).toEqual([
      ['Hello', false],
      ['Reseller, check discount', true],
    ]);
    expect(await db.outbox.count()).toBe(0);
  });

  it('a note written offline waits in the outbox marked as a note', async () => {
    const outbox = createOutbox({ socket: () => null, deliver: (m) => putMessages([m]) });
    await outbox.enqueue('conv-1', 'later', true);
    expect(await db.outbox.toArray()).toEqual([expect.objectContaining({ body: 'later', note: true })]);
  });
});

describe('toolkit facts from the server', () => {
  it('conversation:tagged, conversation:rated and unread:updated land in the cached conversation', async () => {
    await upsertConversations([conversation({ id: 'c1', lastSeq: 5 })]);
    await db.conversations.update('c1', { readSeq: 4 });
    bindToolkitEvents(socket.asSocket(), { queue });

    socket.push('conversation:tagged', { conversationId: 'c1', tags: [{ id: 't1', name: 'billing' }] });
    socket.push('conversation:rated', { conversationId: 'c1', rating: { score: 5, comment: 'great', createdAt: 9 } });
    socket.push('unread:updated', { conversationId: 'c1', readSeq: 2, unread: 3 });

    await vi.waitFor(async () => expect((await db.conversations.get('c1'))?.unread).toBe(3));
    const stored = await db.conversations.get('c1');
    expect(stored?.tags).toEqual([{ id: 't1', name: 'billing' }]);
    expect(stored?.rating).toEqual({ score: 5, comment: 'great', createdAt: 9 });
    // an older read mark from another socket never moves the local one back
    expect(stored?.readSeq).toBe(4);
  });
});

describe('toolkit commands', () => {
  it('listTags and listReplies keep the lists in the cache', async () => {
    socket.reply('tags:list', () => ({ ok: true, data: [{ id: 't1', name: 'billing' }] }));
    socket.reply('replies:list', () => ({ ok: true, data: [{ id: 'r1', scope: 'personal', shortcut: 'hi', body: 'Hi', updatedAt: 1 }] }));
    await toolkit().listTags();
    await toolkit().listReplies();
    expect((await db.meta.get(TAGS_KEY))?.value).toEqual([{ id: 't1', name: 'billing' }]);
    expect((await db.meta.get(REPLIES_KEY))?.value).toEqual([expect.objectContaining({ id: 'r1' })]);
  });

  it('a new reply reads the list again, so the cache holds it', async () => {
    const saved = { id: 'r2', scope: 'personal' as const, shortcut: 'bye', body: 'Bye', updatedAt: 2 };
    socket.reply('replies:create', () => ({ ok: true, data: saved }));
    socket.reply('replies:list', () => ({ ok: true, data: [saved] }));
    const result = await toolkit().createReply({ scope: 'personal', shortcut: 'bye', body: 'Bye' });
    expect(result).toEqual({ ok: true, data: saved });
    expect((await db.meta.get(REPLIES_KEY))?.value).toEqual([saved]);
  });

  it('tagging sends conversation:tag or conversation:untag and stores the answer', async () => {
    await upsertConversations([conversation({ id: 'c1' })]);
    socket.reply('conversation:tag', () => ({ ok: true, data: { conversationId: 'c1', tags: [{ id: 't1', name: 'billing' }] } }));
    socket.reply('conversation:untag', () => ({ ok: true, data: { conversationId: 'c1', tags: [] } }));
    await toolkit().tagConversation({ conversationId: 'c1', tagId: 't1', on: true });
    expect((await db.conversations.get('c1'))?.tags).toEqual([{ id: 't1', name: 'billing' }]);
    await toolkit().tagConversation({ conversationId: 'c1', tagId: 't1', on: false });
    expect((await db.conversations.get('c1'))?.tags).toEqual([]);
    expect(socket.emitted.map((e) => e.event)).toEqual(['conversation:tag', 'conversation:untag']);
  });

  it('a search answers with its hits and caches the chats found', async () => {
    const found = conversation({ id: 'past', status: 'ended', endedAt: 5 });
    const page: SearchPage = {
      items: [{ conversation: found, messageId: 'm1', seq: 3, author: 'visitor', note: false, createdAt: 4, snippet: { text: 'a word', highlights: [{ start: 2, end: 6 }], cutStart: false, cutEnd: false } }],
      nextCursor: null,
    };
    socket.reply('search:messages', () => ({ ok: true, data: page }));
    expect(await toolkit().searchMessages({ query: 'word' })).toEqual({ ok: true, data: page });
    expect((await db.conversations.get('past'))?.status).toBe('ended');
  });

  it('marking a chat read tells the server how far, once, and keeps its answer', async () => {
    await upsertConversations([conversation({ id: 'c1', status: 'active', lastSeq: 7 })]);
    socket.reply('conversation:read', () => ({ ok: true, data: { conversationId: 'c1', readSeq: 7, unread: 0 } }));
    const inbox = createInboxActions({ connection: connection(), queue });
    await inbox.markRead('c1');
    await vi.waitFor(async () => expect((await db.conversations.get('c1'))?.agentReadSeq).toBe(7));
    expect(socket.emittedOf('conversation:read')).toEqual([{ conversationId: 'c1', seq: 7 }]);
    await inbox.markRead('c1');
    expect(socket.emittedOf('conversation:read')).toHaveLength(1);
  });
});
