/**
 * What every message changes on its conversation row stays out of every index of that table: on
 * PostgreSQL an update that changes an indexed column cannot be heap-only (HOT), so each message would
 * write a new entry into every index of `conversations` (migration 016). The changed columns are read
 * off a real send, so a column a later change adds to the message's update is held to this too.
 */
import { PostgresAdapter, sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import type { Db } from '../../server/db/schema.ts';
import { startHarness, type Harness } from './helpers.ts';
import { writerFixture } from './writer-fixture.ts';

let h: Harness;
afterEach(async () => {
  await h?.close();
});

const conversationRow = (db: Db, id: string) => db.selectFrom('conversations').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

/** Every index of `conversations` with its full definition (columns, expressions, partial predicate). */
async function indexDefinitions(db: Db): Promise<Array<{ name: string; definition: string }>> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    const { rows } = await sql<{ name: string; definition: string }>`
      select indexname as name, indexdef as definition from pg_indexes
      where tablename = 'conversations' and schemaname = current_schema()`.execute(db);
    return rows;
  }
  const { rows: indexes } = await sql<{ name: string; sql: string | null }>`
    select name, sql from sqlite_master where type = 'index' and tbl_name = 'conversations'`.execute(db);
  const out: Array<{ name: string; definition: string }> = [];
  for (const index of indexes) {
    // the columns as SQLite itself lists them (constraint indexes have no SQL text of their own)
    const { rows: columns } = await sql<{ name: string | null }>`select name from pragma_index_xinfo(${index.name})`.execute(db);
    out.push({ name: index.name, definition: `${index.sql ?? ''} ${columns.map((c) => c.name ?? '').join(' ')}` });
  }
  return out;
}

describe('the columns every message changes on its conversation', () => {
  it('are in no index of conversations, so the update of each message touches no index', async () => {
    h = await startHarness();
    const { conversationId, visitor, agentActor, writer, scheduler } = await writerFixture(h);
    const before = await conversationRow(h.app.db, conversationId);
    h.clock.advance(1_000);
    const sends = [
      writer.send(visitor, { conversationId, clientId: 'hot-1', body: 'hello' }),
      writer.send(agentActor, { conversationId, clientId: 'hot-2', body: 'hi there' }),
    ];
    scheduler.fire();
    await Promise.all(sends);
    const after = await conversationRow(h.app.db, conversationId);

    const changed = (Object.keys(after) as Array<keyof typeof after>).filter((column) => after[column] !== before[column]);
    // what the send is known to change: without these the check below would prove nothing
    expect(changed).toEqual(expect.arrayContaining(['last_seq', 'last_activity_at']));

    const indexes = await indexDefinitions(h.app.db);
    expect(indexes.length).toBeGreaterThan(3);
    const covering = indexes.filter((index) => changed.some((column) => new RegExp(`\\b${column}\\b`).test(index.definition)));
    expect(covering.map((index) => index.name)).toEqual([]);
  });
});
