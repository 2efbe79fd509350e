import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { messageRange, openDb } from '../../../utils/db.ts';
import { conversation, message } from '../helpers/fixtures.ts';

const NAME = 'switchboard-upgrade-test';

afterEach(async () => {
  await Dexie.delete(NAME);
});

/** The cache as version 2 of the extension left it. */
async function shippedVersion2(): Promise<void> {
  const old = new Dexie(NAME);
  old.version(1).stores({
    conversations: 'id, status, updatedAt',
    messages: '[conversationId+seq], clientId',
    offers: 'id, expiresAt',
    outbox: 'clientId, conversationId, createdAt',
    meta: 'key',
  });
  old.version(2).stores({ conversations: 'id, status, updatedAt, visitor.id', typing: 'conversationId' });
  await old.table('conversations').put({ ...conversation({ lastSeq: 3 }), updatedAt: 1 });
  await old.table('messages').bulkPut([message({ seq: 1 }), message({ seq: 2 }), message({ seq: 3 })]);
  old.close();
}

describe('the cache schema', () => {
  it('upgrades a version 2 cache in place: messages kept, their unused clientId index gone', async () => {
    await shippedVersion2();
    const db = openDb(NAME);
    try {
      await db.open();
      expect(db.verno).toBe(3);
      expect(db.messages.schema.indexes.map((index) => index.name)).toEqual([]);
      expect((await messageRange(db, 'conv-1').toArray()).map((m) => m.seq)).toEqual([1, 2, 3]);
      expect(await db.conversations.get('conv-1')).toMatchObject({ lastSeq: 3 });
      await db.messages.put(message({ seq: 4 }));
      expect(await messageRange(db, 'conv-1').last()).toMatchObject({ seq: 4, body: 'message 4' });
    } finally {
      db.close();
    }
  });
});
