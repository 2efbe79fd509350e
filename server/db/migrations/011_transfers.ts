import { sql, type Kysely } from 'kysely';

/**
 * Transfers (SPEC R25): an agent hands an active chat to a named agent or a team, with an optional
 * note. The chat stays its sender's until an offer of the transfer is accepted; a transfer's offers are
 * ordinary offers rows that name it (`offers.transfer_id`), so they share the offers' deadline, sweep
 * and one-pending-offer-per-chat index. A chat has at most one pending transfer at a time.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('transfers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('conversation_id', 'text', (c) => c.notNull().references('conversations.id'))
    .addColumn('from_agent_id', 'text', (c) => c.notNull().references('users.id'))
    /** exactly one of to_agent_id and team_id is set */
    .addColumn('to_agent_id', 'text', (c) => c.references('users.id'))
    .addColumn('team_id', 'text')
    .addColumn('note', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('ended_at', 'bigint')
    /** the agent who accepted or declined last, by name as it was then */
    .addColumn('ended_by_name', 'text')
    .execute();
  await db.schema
    .createIndex('transfers_one_pending')
    .on('transfers')
    .column('conversation_id')
    .unique()
    .where(sql.ref('status'), '=', sql.lit('pending'))
    .execute();
  await db.schema.createIndex('transfers_from').on('transfers').columns(['from_agent_id', 'status']).execute();
  await db.schema.alterTable('offers').addColumn('transfer_id', 'text').execute();
  await db.schema.createIndex('offers_transfer').on('offers').columns(['transfer_id', 'agent_id']).execute();
}
