/**
 * The SQLite full-text index's queue (migration 014): stored messages wait in `messages_fts_pending`
 * and enter `messages_fts` here, in bulk. Called before every search, which therefore sees every stored
 * message, and by the sweep, which keeps the queue short. PostgreSQL indexes by itself (GIN).
 */
import { PostgresAdapter, sql } from 'kysely';
import type { Db } from './schema.ts';

/** rows per transaction: about 2 ms of work, so a long queue never holds the event loop for long */
const CHUNK = 500;

/** Indexes everything queued, a chunk per transaction; answers how many messages it indexed. */
export async function indexPendingMessages(db: Db): Promise<number> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) return 0;
  let indexed = 0;
  for (;;) {
    // the index is rebuilt from messages if need be; what matters is that a chunk moves atomically
    const moved = await db.transaction().execute(async (trx) => {
      const chunk = sql`select message_rowid from messages_fts_pending order by message_rowid limit ${CHUNK}`;
      await sql`insert into messages_fts (rowid, body) select m.rowid, m.body from messages m where m.rowid in (${chunk})`.execute(trx);
      const removed = await sql`delete from messages_fts_pending where message_rowid in (${chunk})`.execute(trx);
      return Number(removed.numAffectedRows ?? 0);
    });
    indexed += moved;
    if (moved < CHUNK) return indexed;
    await new Promise((resolve) => setImmediate(resolve));
  }
}
