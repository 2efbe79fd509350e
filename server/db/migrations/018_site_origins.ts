import type { Kysely } from 'kysely';

/**
 * The sites an admin adds in the console (SPEC R23), besides the server's SITE_ORIGINS: where the widget
 * may run. Every check reads this table (services/site-origins.ts), so an entry added or removed on one
 * process holds on every process at once.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('site_origins')
    .addColumn('pattern', 'text', (c) => c.primaryKey())
    .addColumn('added_at', 'bigint', (c) => c.notNull())
    .execute();
}
