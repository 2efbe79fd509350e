import { sql, type Kysely } from 'kysely';

/** Users (agents and admins), tokens, visitors, conversations, offers and messages. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('users')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('email', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('available', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('active_chats', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('pending_offers', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_offered_at', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('tokens')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('subject_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('tokens_subject').on('tokens').columns(['kind', 'subject_id']).execute();

  await db.schema
    .createTable('visitors')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text')
    .addColumn('email', 'text')
    .addColumn('job_title', 'text')
    .addColumn('phone', 'text')
    .addColumn('crm_status', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('conversations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('visitor_id', 'text', (c) => c.notNull().references('visitors.id'))
    .addColumn('agent_id', 'text', (c) => c.references('users.id'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('last_seq', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('page_url', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('ended_at', 'bigint')
    .addColumn('ended_by', 'text')
    .execute();
  // a visitor has at most one open chat, even when two tabs start one at the same moment
  await db.schema
    .createIndex('conversations_one_open')
    .on('conversations')
    .column('visitor_id')
    .unique()
    .where(sql<boolean>`status in ('waiting', 'active')`)
    .execute();
  await db.schema.createIndex('conversations_visitor').on('conversations').columns(['visitor_id', 'status']).execute();
  await db.schema.createIndex('conversations_agent').on('conversations').columns(['agent_id', 'status']).execute();

  await db.schema
    .createTable('offers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('conversation_id', 'text', (c) => c.notNull().references('conversations.id'))
    .addColumn('agent_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('ended_at', 'bigint')
    .execute();
  // a conversation is offered to one agent at a time, whatever races between processes
  await db.schema
    .createIndex('offers_one_pending')
    .on('offers')
    .column('conversation_id')
    .unique()
    .where(sql.ref('status'), '=', sql.lit('pending'))
    .execute();
  await db.schema.createIndex('offers_conversation').on('offers').columns(['conversation_id', 'agent_id']).execute();
  await db.schema.createIndex('offers_agent').on('offers').columns(['agent_id', 'status']).execute();
  await db.schema.createIndex('offers_due').on('offers').columns(['status', 'expires_at']).execute();

  await db.schema
    .createTable('messages')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('conversation_id', 'text', (c) => c.notNull().references('conversations.id'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('author', 'text', (c) => c.notNull())
    .addColumn('author_name', 'text')
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('messages_seq', ['conversation_id', 'seq'])
    .addUniqueConstraint('messages_client_id', ['conversation_id', 'client_id'])
    .execute();
}
