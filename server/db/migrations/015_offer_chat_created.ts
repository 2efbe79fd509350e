import { PostgresAdapter, sql, type Kysely } from 'kysely';

/**
 * Reports count a range's offers per request day of their chat, agent and outcome. Joining each
 * offer to its chat for the request time read a million chats for a year (1.8–2.5 s of a 5–8 s
 * report); an offer's chat never changes its request time, so each offer row carries it
 * (`chat_created_at`, written by db/offers.ts insertOffer) and `offers_chat_created` holds every column
 * the count reads: one range scan of the index, no join. The offers made before this migration get
 * their chat's time here. SQLite cannot add a NOT NULL column without a default, so only PostgreSQL
 * states it; insertOffer is the one writer on both.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('offers').addColumn('chat_created_at', 'bigint').execute();
  await sql`update offers set chat_created_at = (select c.created_at from conversations c where c.id = offers.conversation_id)`.execute(db);
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`alter table offers alter column chat_created_at set not null`.execute(db);
  }
  await db.schema.createIndex('offers_chat_created').on('offers').columns(['chat_created_at', 'agent_id', 'status']).execute();
}
