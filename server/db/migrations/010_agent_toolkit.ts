import { PostgresAdapter, sql, type Kysely } from 'kysely';

/**
 * The agent's toolkit (SPEC R26–R30): internal notes are messages with `note = 1` in the chat's own
 * seq order; admin-defined tags set on chats; one visitor rating per chat; saved replies (an agent's
 * own, or shared when `owner_id` is null); how far the chat's agent has read (`agent_read_seq`, for
 * unread counts and the visitor's "seen"); and a full-text index over message bodies: an FTS5 table
 * kept in step by triggers on SQLite, a GIN index over to_tsvector('simple', body) on PostgreSQL.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('messages').addColumn('note', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('conversations').addColumn('agent_read_seq', 'integer', (c) => c.notNull().defaultTo(0)).execute();

  await db.schema
    .createTable('tags')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    /** lower-cased name: two tags never differ by case alone */
    .addColumn('name_key', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('conversation_tags')
    .addColumn('conversation_id', 'text', (c) => c.notNull().references('conversations.id'))
    .addColumn('tag_id', 'text', (c) => c.notNull().references('tags.id'))
    .addColumn('added_by', 'text')
    .addColumn('added_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('conversation_tags_pk', ['conversation_id', 'tag_id'])
    .execute();
  await db.schema.createIndex('conversation_tags_tag').on('conversation_tags').columns(['tag_id', 'conversation_id']).execute();

  await db.schema
    .createTable('ratings')
    .addColumn('conversation_id', 'text', (c) => c.primaryKey().references('conversations.id'))
    .addColumn('score', 'integer', (c) => c.notNull())
    .addColumn('comment', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('saved_replies')
    .addColumn('id', 'text', (c) => c.primaryKey())
    /** the agent whose personal reply it is; null: shared, managed by admins */
    .addColumn('owner_id', 'text', (c) => c.references('users.id'))
    .addColumn('shortcut', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('saved_replies_owner').on('saved_replies').column('owner_id').execute();

  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`create index messages_body_fts on messages using gin (to_tsvector('simple', body))`.execute(db);
    return;
  }
  // an external-content FTS5 table over messages' implicit rowid; diacritics kept, as PostgreSQL's 'simple' does
  await sql`create virtual table messages_fts using fts5(body, content='messages', content_rowid='rowid', tokenize='unicode61 remove_diacritics 0')`.execute(db);
  await sql`create trigger messages_fts_insert after insert on messages begin
    insert into messages_fts(rowid, body) values (new.rowid, new.body); end`.execute(db);
  await sql`create trigger messages_fts_delete after delete on messages begin
    insert into messages_fts(messages_fts, rowid, body) values ('delete', old.rowid, old.body); end`.execute(db);
  await sql`create trigger messages_fts_update after update of body on messages begin
    insert into messages_fts(messages_fts, rowid, body) values ('delete', old.rowid, old.body);
    insert into messages_fts(rowid, body) values (new.rowid, new.body); end`.execute(db);
  await sql`insert into messages_fts(messages_fts) values ('rebuild')`.execute(db);
}
