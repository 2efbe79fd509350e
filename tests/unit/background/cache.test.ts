import { beforeEach, describe, expect, it } from 'vitest';
import {
  applySnapshot,
  putMessages,
  readCursors,
  upsertConversations,
} from '../../../entrypoints/background/cache.ts';
import type { MessageDTO } from '../../../protocol/dto.ts';
import { db } from '../../../utils/db.ts';
import { conversation, message, offer, snapshot } from '../helpers/fixtures.ts';
import { resetExtension } from '../helpers/reset.ts';

beforeEach(resetExtension);

describe('cache', () => {
  it('applySnapshot replaces the offers, upserts conversations and stores the messages', async () => {
    await db.offers.put(offer({ id: 'stale' }));
    await applySnapshot(
      snapshot({
        offers: [offer({ id: 'fresh' })],
        conversations: [conversation()],
        messages: [message({ seq: 1 }), message({ seq: 2 })],
      }),
      [],
    );
    expect((await db.offers.toArray()).map((o) => o.id)).toEqual(['fresh']);
    expect(await db.conversations.get('conv-1')).toMatchObject({ status: 'active' });
    expect((await db.messages.toArray()).map((m) => m.seq)).toEqual([1, 2]);
  });

  it('applySnapshot writes everything in one transaction: a bad message leaves the cache untouched', async () => {
    await db.offers.put(offer({ id: 'before' }));
    const broken = { ...message({ seq: 1 }), seq: undefined } as unknown as MessageDTO;
    await expect(
      applySnapshot(snapshot({ offers: [], conversations: [conversation()], messages: [broken] }), []),
    ).rejects.toThrow();
    expect((await db.offers.toArray()).map((o) => o.id)).toEqual(['before']);
    expect(await db.conversations.count()).toBe(0);
  });

  it('readCursors gives the highest stored seq of every open conversation and skips ended ones', async () => {
    await upsertConversations([
      conversation({ id: 'open' }),
      conversation({ id: 'quiet' }),
      conversation({ id: 'done', status: 'ended', endedAt: 1 }),
    ]);
    await putMessages([
      message({ conversationId: 'open', seq: 1 }),
      message({ conversationId: 'open', seq: 2 }),
      message({ conversationId: 'done', seq: 1 }),
    ]);
    expect(await readCursors()).toEqual({ open: 2, quiet: 0 });
  });

  it('storing a message retires the outbox item with the same clientId', async () => {
    await db.outbox.put({ clientId: 'c-42', conversationId: 'conv-1', body: 'hi', createdAt: 1 });
    await putMessages([message({ seq: 1, clientId: 'c-42', author: 'agent' })]);
    expect(await db.outbox.count()).toBe(0);
  });

  it('storing messages keeps the outbox items they do not answer', async () => {
    await db.outbox.put({ clientId: 'c-42', conversationId: 'conv-1', body: 'hi', createdAt: 1 });
    await db.outbox.put({ clientId: 'c-43', conversationId: 'conv-1', body: 'still going', createdAt: 2 });
    await putMessages([message({ seq: 1, clientId: 'c-42', author: 'agent' }), message({ seq: 2, clientId: 'v-1' })]);
    expect((await db.outbox.toArray()).map((item) => item.clientId)).toEqual(['c-43']);
  });

  it('applySnapshot drops a conversation it asked about that the server no longer shows', async () => {
    await upsertConversations([conversation({ id: 'gone' }), conversation({ id: 'kept' })]);
    await putMessages([message({ conversationId: 'gone', seq: 1 })]);
    await applySnapshot(snapshot({ conversations: [conversation({ id: 'kept' })] }), ['gone', 'kept']);
    expect((await db.conversations.toArray()).map((c) => c.id)).toEqual(['kept']);
    expect(await db.messages.count()).toBe(0);
  });
});
