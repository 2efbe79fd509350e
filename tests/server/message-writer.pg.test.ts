/**
 * The group-commit writer against another process on PostgreSQL, where transactions really run side by
 * side (SQLite has one writer). Run by `npm run test:pg`; the SQLite run leaves `*.pg.test.ts` out.
 */
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import type { MessageDTO } from '../../protocol/dto.ts';
import type { Outcome } from '../../server/services/outcome.ts';
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

const lastSeq = async (conversationId: string) =>
  (await h.app.db.selectFrom('conversations').select('last_seq').where('id', '=', conversationId).executeTakeFirstOrThrow()).last_seq;

/**
 * "Another process" takes the conversation's row lock and stores message `id` with client id 'race', as
 * the writer does, and commits only once the writer waits for that row: the writer's snapshot then
 * predates the message. `send` starts the writer's sends meanwhile.
 */
async function raceWithAnotherProcess(
  conversationId: string,
  id: string,
  seq: number,
  send: () => Array<Promise<Outcome<MessageDTO>>>,
): Promise<Array<Promise<Outcome<MessageDTO>>>> {
  const { sends } = await h.app.db.transaction().execute(async (other) => {
    await other.updateTable('conversations').set((eb) => ({ last_seq: eb('last_seq', '+', 1) })).where('id', '=', conversationId).execute();
    await other
      .insertInto('messages')
      .values({ id, conversation_id: conversationId, seq, client_id: 'race', author: 'visitor', author_name: null, body: 'hi', created_at: 1 })
      .execute();
    const sends = send();
    for (let i = 0; i < 500; i++) {
      const waiting = await sql<{ n: string }>`select count(*) as n from pg_stat_activity where wait_event_type = 'Lock'`.execute(h.app.db);
      if (Number(waiting.rows[0]!.n) > 0) break;
      await new Promise((r) => setTimeout(r, 10));
    }
    // wrapped: returning the promises themselves would make the commit wait for the writer, which waits for us
    return { sends };
  });
  return sends;
}

describe('message writer on PostgreSQL', () => {
  it('answers with the stored message when another process commits the same client id while this one waits for the row', async () => {
    const { conversationId, visitor, writer, scheduler } = await setup();
    const before = await lastSeq(conversationId);
    const [send] = await raceWithAnotherProcess(conversationId, 'raced-1', before + 1, () => {
      const sends = [writer.send(visitor, { conversationId, clientId: 'race', body: 'hi' })];
      scheduler.fire();
      return sends;
    });
    const outcome = await send!;
    expect(outcome.result).toMatchObject({ id: 'raced-1', seq: before + 1 });
    expect(outcome.events).toEqual([]);
    expect(await lastSeq(conversationId)).toBe(before + 1);
  });

  it('keeps the rest of a batch when one of its sends meets a client id another process committed meanwhile', async () => {
    const { conversationId, visitor, writer, scheduler } = await setup();
    const before = await lastSeq(conversationId);
    const sends = await raceWithAnotherProcess(conversationId, 'raced-2', before + 1, () => {
      const batch = [
        writer.send(visitor, { conversationId, clientId: 'race', body: 'hi' }),
        writer.send(visitor, { conversationId, clientId: 'after-race', body: 'and this' }),
      ];
      scheduler.fire();
      return batch;
    });
    const [raced, next] = await Promise.all(sends);
    expect(raced!.result).toMatchObject({ id: 'raced-2', seq: before + 1 });
    expect(next!.result).toMatchObject({ clientId: 'after-race', seq: before + 2 });
    const stored = await h.app.db.selectFrom('messages').select(['client_id', 'seq']).where('conversation_id', '=', conversationId).orderBy('seq').execute();
    expect(stored.slice(-2)).toEqual([
      { client_id: 'race', seq: before + 1 },
      { client_id: 'after-race', seq: before + 2 },
    ]);
    expect(await lastSeq(conversationId)).toBe(before + 2);
  });
});
