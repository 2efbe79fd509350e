import { sql, type Kysely } from 'kysely';

/**
 * Reports (SPEC R24) read a range of chats by request time and, for each, its first accepted offer,
 * its first agent message and its offers' outcomes; the live desk reads today's missed chats. Without
 * these indexes each chat of a report would scan its offers and messages rows, and the desk the table.
 * The messages index holds agent messages only: it costs the hot write path for those alone.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('offers_outcome').on('offers').columns(['conversation_id', 'status', 'ended_at', 'agent_id']).execute();
  await db.schema
    .createIndex('messages_agent_first')
    .on('messages')
    .columns(['conversation_id', 'created_at'])
    .where(sql.ref('author'), '=', sql.lit('agent'))
    .execute();
  await db.schema.createIndex('conversations_ended').on('conversations').columns(['status', 'ended_at']).execute();
}
