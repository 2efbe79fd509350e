import type { Kysely } from 'kysely';

/**
 * The inbox's list (newest first, paged by (created_at, id)) and a visitor's history read conversations
 * in these orders; without the indexes each page would sort the whole table.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('conversations_created').on('conversations').columns(['created_at', 'id']).execute();
  await db.schema.createIndex('conversations_visitor_created').on('conversations').columns(['visitor_id', 'created_at']).execute();
}
