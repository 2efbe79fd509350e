import type { Kysely } from 'kysely';

/**
 * A per-agent capacity (SPEC R7): `users.max_chats` is how many chats this agent holds at once; null
 * (every agent before this migration) means the capacity setting in force for every agent.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('users').addColumn('max_chats', 'integer').execute();
}
