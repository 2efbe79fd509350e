/**
 * The group-commit writer against another process on PostgreSQL, where transactions really run side by
 * side (SQLite has one writer). Run by `npm run test:pg`; the SQLite run leaves `*.pg.test.ts` out.
 */
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './helpers.ts';
import { writerFixture } from './writer-fixture.ts';

let h: Harness;
afterEach(async () => {
  await h?.close();
});

async function setup() {
  h = await startHarness();
  return writerFixture(h);
}

describe('message writer on PostgreSQL', () => {
  it(
    'answers with the stored message when another process commits the same client id while this one waits for the row',
    async () => {
      const { conversationId, visitor, writer, scheduler } = await setup();
      const before = await h.app.db.selectFrom('conversations').select('last_seq').where('id', '=', conversationId).executeTakeFirstOrThrow();
      const { send } = await h.app.db.transaction().execute(async (other) => {
        // "another process": takes the row lock and stores the message as appendMessage does, not yet committed
        await other.updateTable('conversations').set((eb) => ({ last_seq: eb('last_seq', '+', 1) })).where('id', '=', conversationId).execute();
        await other
          .insertInto('messages')
          .values({ id: 'raced-1', conversation_id: conversationId, seq: before.last_seq + 1, client_id: 'race', author: 'visitor', author_name: null, body: 'hi', created_at: 1 })
          .execute();
        const send = writer.send(visitor, { conversationId, clientId: 'race', body: 'hi' });
        scheduler.fire();
        // commit only once the writer waits for the conversation row, so its snapshot predates the message
        for (let i = 0; i < 500; i++) {
          const waiting = await sql<{ n: string }>`select count(*) as n from pg_stat_activity where wait_event_type = 'Lock'`.execute(h.app.db);
          if (Number(waiting.rows[0]!.n) > 0) break;
          await new Promise((r) => setTimeout(r, 10));
        }
        // wrapped: returning the promise itself would make the commit wait for the writer, which waits for us
        return { send };
      });
      const outcome = await send;
      expect(outcome.result).toMatchObject({ id: 'raced-1', seq: before.last_seq + 1 });
      expect(outcome.events).toEqual([]);
      const after = await h.app.db.selectFrom('conversations').select('last_seq').where('id', '=', conversationId).executeTakeFirstOrThrow();
      expect(after.last_seq).toBe(before.last_seq + 1);
    },
  );

  it(
    'keeps the rest of a batch when one of its sends meets a client id another process committed meanwhile',
    async () => {
      const { conversationId, visitor, writer, scheduler } = await setup();
      const before = await h.app.db.selectFrom('conversations').select('last_seq').where('id', '=', conversationId).executeTakeFirstOrThrow();
      const { sends } = await h.app.db.transaction().execute(async (other) => {
        await other.updateTable('conversations').set((eb) => ({ last_seq: eb('last_seq', '+', 1) })).where('id', '=', conversationId).execute();
        await other
          .insertInto('messages')
          .values({ id: 'raced-2', conversation_id: conversationId, seq: before.last_seq + 1, client_id: 'race', author: 'visitor', author_name: null, body: 'hi', created_at: 1 })
          .execute();
        const sends = [
          writer.send(visitor, { conversationId, clientId: 'race', body: 'hi' }),
          writer.send(visitor, { conversationId, clientId: 'after-race', body: 'and this' }),
        ];
        scheduler.fire();
        for (let i = 0; i < 500; i++) {
          const waiting = await sql<{ n: string }>`select count(*) as n from pg_stat_activity where wait_event_type = 'Lock'`.execute(h.app.db);
          if (Number(waiting.rows[0]!.n) > 0) break;
          await new Promise((r) => setTimeout(r, 10));
        }
        return { sends };
      });
      const [raced, next] = await Promise.all(sends);
      expect(raced!.result).toMatchObject({ id: 'raced-2', seq: before.last_seq + 1 });
      expect(next!.result).toMatchObject({ clientId: 'after-race', seq: before.last_seq + 2 });
      const stored = await h.app.db.selectFrom('messages').select(['client_id', 'seq']).where('conversation_id', '=', conversationId).orderBy('seq').execute();
      expect(stored.slice(-2)).toEqual([
        { client_id: 'race', seq: before.last_seq + 1 },
        { client_id: 'after-race', seq: before.last_seq + 2 },
      ]);
      const after = await h.app.db.selectFrom('conversations').select('last_seq').where('id', '=', conversationId).executeTakeFirstOrThrow();
      expect(after.last_seq).toBe(before.last_seq + 2);
    },
  );
});
