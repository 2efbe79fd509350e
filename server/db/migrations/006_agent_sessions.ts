import { sql, type Kysely } from 'kysely';

/**
 * Agent sign-ins become chains: one `agent_sessions` row per sign-in, short-lived access tokens and
 * rotating refresh tokens that point to it (`tokens.session_id`); a refresh token stays stored with
 * `retired_at` once it was exchanged, so presenting it again is recognised as theft. The 30-day agent
 * tokens from before belong to no chain and could not be refreshed: they are deleted, and every agent
 * signs in once more.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('agent_sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('agent_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('agent_sessions_agent').on('agent_sessions').column('agent_id').execute();

  await db.schema.alterTable('tokens').addColumn('session_id', 'text').execute();
  await db.schema.alterTable('tokens').addColumn('retired_at', 'bigint').execute();
  await db.schema.createIndex('tokens_session').on('tokens').column('session_id').execute();

  await sql`delete from tokens where kind = 'agent'`.execute(db);
}
