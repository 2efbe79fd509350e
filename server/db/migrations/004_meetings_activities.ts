import { sql, type Kysely } from 'kysely';

/**
 * Visitor identity (verified contacts, extra attributes), activity history, meeting settings, shared
 * calendars, meetings, and structured cards on messages.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('contacts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    // lower-cased; only a signature-proven email ever gets a contact
    .addColumn('email', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema.alterTable('visitors').addColumn('company', 'text').execute();
  await db.schema.alterTable('visitors').addColumn('custom', 'text').execute();
  await db.schema.alterTable('visitors').addColumn('contact_id', 'text', (c) => c.references('contacts.id')).execute();
  await db.schema.createIndex('visitors_contact').on('visitors').column('contact_id').execute();

  await db.schema.alterTable('messages').addColumn('card', 'text').execute();

  await db.schema
    .createTable('activities')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('visitor_id', 'text', (c) => c.notNull().references('visitors.id'))
    .addColumn('contact_id', 'text', (c) => c.references('contacts.id'))
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('conversation_id', 'text', (c) => c.references('conversations.id'))
    .addColumn('title', 'text')
    .addColumn('url', 'text')
    .addColumn('data', 'text')
    .execute();
  await db.schema.createIndex('activities_visitor').on('activities').columns(['visitor_id', 'at']).execute();
  await db.schema.createIndex('activities_contact').on('activities').columns(['contact_id', 'at']).execute();
  await db.schema.createIndex('activities_at').on('activities').column('at').execute();

  await db.schema
    .createTable('meeting_settings')
    .addColumn('agent_id', 'text', (c) => c.primaryKey().references('users.id'))
    .addColumn('time_zone', 'text', (c) => c.notNull())
    .addColumn('weekly', 'text', (c) => c.notNull())
    .addColumn('length_minutes', 'integer', (c) => c.notNull())
    .addColumn('buffer_minutes', 'integer', (c) => c.notNull())
    .addColumn('takes_meetings', 'integer', (c) => c.notNull())
    // round robin for the routing fallback's calendar: the oldest goes next
    .addColumn('last_offered_at', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('calendar_shares')
    .addColumn('conversation_id', 'text', (c) => c.notNull().references('conversations.id'))
    .addColumn('agent_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('shared_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('calendar_shares_pk', ['conversation_id', 'agent_id'])
    .execute();

  await db.schema
    .createTable('meetings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('agent_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('visitor_id', 'text', (c) => c.notNull().references('visitors.id'))
    .addColumn('conversation_id', 'text', (c) => c.references('conversations.id'))
    .addColumn('start_at', 'bigint', (c) => c.notNull())
    .addColumn('end_at', 'bigint', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('cancelled_at', 'bigint')
    .execute();
  // two visitors can never hold the same slot, whatever races between processes
  await db.schema
    .createIndex('meetings_one_per_slot')
    .on('meetings')
    .columns(['agent_id', 'start_at'])
    .unique()
    .where(sql.ref('status'), '=', sql.lit('booked'))
    .execute();
  await db.schema.createIndex('meetings_agent').on('meetings').columns(['agent_id', 'status', 'end_at']).execute();
  await db.schema.createIndex('meetings_visitor').on('meetings').column('visitor_id').execute();
}
