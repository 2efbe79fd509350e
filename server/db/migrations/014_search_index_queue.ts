import { PostgresAdapter, sql, type Kysely } from 'kysely';

/**
 * SQLite: a stored message no longer enters the full-text index in its own transaction. The insert
 * trigger only queues its rowid in `messages_fts_pending`; `indexPendingMessages` (db/search-index.ts)
 * indexes the queue in bulk — before every search, so a search still sees every stored message, and
 * in the sweep, so the queue stays short. FTS5 writes a segment per committing transaction: indexed one
 * small commit at a time a message cost ~60 µs of CPU on the send path, in bulk ~4 µs off it.
 * A message deleted or edited while queued leaves the index alone (it is not in it yet).
 * PostgreSQL keeps its GIN index, whose own pending list already defers the work.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) return;
  await sql`create table messages_fts_pending (message_rowid integer primary key)`.execute(db);
  await sql`drop trigger messages_fts_insert`.execute(db);
  await sql`drop trigger messages_fts_delete`.execute(db);
  await sql`drop trigger messages_fts_update`.execute(db);
  await sql`create trigger messages_fts_insert after insert on messages begin
    insert into messages_fts_pending (message_rowid) values (new.rowid); end`.execute(db);
  await sql`create trigger messages_fts_delete after delete on messages begin
    insert into messages_fts(messages_fts, rowid, body)
      select 'delete', old.rowid, old.body where not exists (select 1 from messages_fts_pending where message_rowid = old.rowid);
    delete from messages_fts_pending where message_rowid = old.rowid; end`.execute(db);
  await sql`create trigger messages_fts_update after update of body on messages
    when not exists (select 1 from messages_fts_pending where message_rowid = old.rowid) begin
    insert into messages_fts(messages_fts, rowid, body) values ('delete', old.rowid, old.body);
    insert into messages_fts(rowid, body) values (new.rowid, new.body); end`.execute(db);
}
