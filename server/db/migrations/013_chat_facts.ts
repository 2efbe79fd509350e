import { sql, type Kysely } from 'kysely';

/**
 * Reports (SPEC R24) read, for every chat of a range, the instants its figures come from: its first
 * accepted offer (when, and by whom) and its first agent reply. Looked up per chat that costs seconds
 * for a month and most of a minute for a year of a busy desk; yet once a chat has ended or was missed
 * none of them can change (an agent writes only in an active chat, and ending withdraws open offers).
 * So they are written once, when the chat reaches its final state (db/chat-facts.ts), into a narrow
 * row that a report reads by one range scan of `chat_facts_created`, which holds every column it reads.
 * Chats still open are few: `conversations_open_created` finds those of a range without reading the
 * others. The chats that ended before this migration get their rows here, from the same lookups.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('chat_facts')
    .addColumn('conversation_id', 'text', (c) => c.primaryKey().references('conversations.id'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('accepted_at', 'bigint')
    .addColumn('accepted_by', 'text')
    .addColumn('replied_at', 'bigint')
    .addColumn('ended_at', 'bigint')
    .execute();
  await db.schema
    .createIndex('chat_facts_created')
    .on('chat_facts')
    .columns(['created_at', 'status', 'accepted_at', 'accepted_by', 'replied_at', 'ended_at'])
    .execute();
  await db.schema
    .createIndex('conversations_open_created')
    .on('conversations')
    .column('created_at')
    .where(sql<boolean>`status in ('waiting', 'active')`)
    .execute();
  await sql`insert into chat_facts (conversation_id, created_at, status, accepted_at, accepted_by, replied_at, ended_at)
    select c.id, c.created_at, c.status,
      (select o.ended_at from offers o where o.conversation_id = c.id and o.status = 'accepted' order by o.ended_at limit 1),
      (select o.agent_id from offers o where o.conversation_id = c.id and o.status = 'accepted' order by o.ended_at limit 1),
      (select min(m.created_at) from messages m where m.conversation_id = c.id and m.author = 'agent' and m.note = 0),
      c.ended_at
    from conversations c
    where c.status in ('ended', 'missed')`.execute(db);
}
