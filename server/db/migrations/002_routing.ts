import type { Kysely } from 'kysely';

/**
 * Schedules and the manual override on agents; routing state on conversations (site, offers made,
 * queue, last activity); teams, rules, account owners, per-site strategies and admin settings.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('users').addColumn('manual_until', 'bigint', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('users').addColumn('schedule', 'text').execute();
  await db.schema.alterTable('users').addColumn('availability_until', 'bigint').execute();
  await db.schema.createIndex('users_availability_until').on('users').column('availability_until').execute();

  await db.schema.alterTable('conversations').addColumn('site_key', 'text').execute();
  await db.schema.alterTable('conversations').addColumn('offers_made', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('conversations').addColumn('queued_at', 'bigint').execute();
  await db.schema.alterTable('conversations').addColumn('queue_position', 'integer').execute();
  await db.schema.alterTable('conversations').addColumn('last_activity_at', 'bigint').execute();
  await db.schema.createIndex('conversations_queue').on('conversations').columns(['status', 'queued_at']).execute();
  await db.schema.createIndex('conversations_idle').on('conversations').columns(['status', 'last_activity_at']).execute();

  await db.schema
    .createTable('teams')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('team_members')
    .addColumn('team_id', 'text', (c) => c.notNull().references('teams.id').onDelete('cascade'))
    .addColumn('agent_id', 'text', (c) => c.notNull().references('users.id'))
    .addPrimaryKeyConstraint('team_members_pk', ['team_id', 'agent_id'])
    .execute();

  await db.schema
    .createTable('routing_rules')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('priority', 'integer', (c) => c.notNull())
    .addColumn('conditions', 'text', (c) => c.notNull())
    .addColumn('target', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('account_owners')
    .addColumn('domain', 'text', (c) => c.primaryKey())
    .addColumn('agent_id', 'text', (c) => c.notNull().references('users.id'))
    .execute();

  await db.schema
    .createTable('routing_sites')
    .addColumn('site_key', 'text', (c) => c.primaryKey())
    .addColumn('strategy', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('routing_settings')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();
}
