import { PostgresAdapter, sql, type Kysely } from 'kysely';

/**
 * The index that catches a repeated send, `messages_client_id`, is keyed by the client id first and then
 * the conversation: `(client_id, conversation_id)`, the same uniqueness as before. Keyed by conversation
 * first, each stored message wrote into its conversation's leaf of the index, so a commit of n messages
 * across n chats dirtied n pages of it (about half of the pages a commit wrote: docs/BENCHMARKS.md).
 * Clients now name their messages with time-ordered ids (protocol/ids.ts), which land at the end of an
 * index led by them: a commit dirties one or two of its pages. Every lookup of the index names both
 * columns, so none loses its way in.
 *
 * PostgreSQL swaps the constraint in place. SQLite cannot change a table's constraint, so the table is
 * rebuilt with the same columns and rowids (the full-text index refers to messages by rowid), and its
 * index and the search queue's triggers (migration 014) are made again on the new table.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`alter table messages drop constraint messages_client_id`.execute(db);
    await sql`alter table messages add constraint messages_client_id unique (client_id, conversation_id)`.execute(db);
    return;
  }
  await sql`create table messages_rebuilt (
    "id" text primary key,
    "conversation_id" text not null references "conversations" ("id"),
    "seq" integer not null,
    "client_id" text not null,
    "author" text not null,
    "author_name" text,
    "body" text not null,
    "created_at" bigint not null,
    "card" text,
    "notice" text,
    "note" integer default 0 not null,
    constraint "messages_seq" unique ("conversation_id", "seq"),
    constraint "messages_client_id" unique ("client_id", "conversation_id")
  )`.execute(db);
  await sql`insert into messages_rebuilt (rowid, id, conversation_id, seq, client_id, author, author_name, body, created_at, card, notice, note)
    select rowid, id, conversation_id, seq, client_id, author, author_name, body, created_at, card, notice, note from messages order by rowid`.execute(db);
  // dropping the table drops its triggers and indexes; nothing refers to messages by foreign key
  await sql`drop table messages`.execute(db);
  await sql`alter table messages_rebuilt rename to messages`.execute(db);
  await sql`create index "messages_agent_first" on "messages" ("conversation_id", "created_at") where "author" = 'agent'`.execute(db);
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
