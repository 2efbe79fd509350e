import type { Kysely } from 'kysely';

/**
 * Shared presence for several server processes: each process registers itself and beats a heartbeat;
 * each agent connection is a row owned by the process holding the socket; `users.lost_at` is when an
 * agent's last connection dropped (the grace counts from there).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('server_nodes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('started_at', 'bigint', (c) => c.notNull())
    .addColumn('heartbeat_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('agent_connections')
    .addColumn('socket_id', 'text', (c) => c.primaryKey())
    .addColumn('agent_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('node_id', 'text', (c) => c.notNull())
    .addColumn('connected_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('agent_connections_agent').on('agent_connections').column('agent_id').execute();
  await db.schema.createIndex('agent_connections_node').on('agent_connections').column('node_id').execute();

  await db.schema.alterTable('users').addColumn('lost_at', 'bigint').execute();
  // a chat handed back to routing (its agent was disabled) starts a new wait from here
  await db.schema.alterTable('conversations').addColumn('waiting_since', 'bigint').execute();
}
