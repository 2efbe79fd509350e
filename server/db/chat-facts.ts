/**
 * The one way a chat reaches its final state (ended or missed), and the facts a report reads of it.
 *
 * Once final, a chat's first accepted offer and first agent reply can no longer change (an agent
 * writes only in an active chat; ending withdraws every open offer), so `closeConversation` writes them
 * into `chat_facts` in the transaction that sets the status: a report then reads a year of chats by
 * one range scan instead of three lookups per chat. Every ending path calls it, so none can set a final
 * status without the row (tests/server/chat-facts.test.ts holds the server to that). The chats still
 * open are computed by the same lookups, `liveChatFacts`, when a report covers them.
 */
import { sql, type ExpressionBuilder } from 'kysely';
import type { ConversationStatus } from '../../protocol/dto.ts';
import type { ConversationRow } from './conversations.ts';
import type { ChatFactsTable, ConversationsTable, DB, Db } from './schema.ts';

export type FinalStatus = ChatFactsTable['status'];

function acceptedOffer(eb: ExpressionBuilder<DB & { c: ConversationsTable }, 'c'>) {
  return eb
    .selectFrom('offers as o')
    .whereRef('o.conversation_id', '=', 'c.id')
    .where('o.status', '=', sql.lit('accepted'))
    .orderBy('o.ended_at')
    .limit(1);
}

/** Each chat's facts as its rows say now: the first accepted offer (a transfer's accept comes later), the first agent reply. */
export function liveChatFacts(db: Db) {
  return db
    .selectFrom('conversations as c')
    .select((eb) => [
      'c.created_at',
      'c.status',
      acceptedOffer(eb).select('o.ended_at').as('accepted_at'),
      acceptedOffer(eb).select('o.agent_id').as('accepted_by'),
      eb
        .selectFrom('messages as m')
        .select((m) => m.fn.min('m.created_at').as('first'))
        .whereRef('m.conversation_id', '=', 'c.id')
        .where('m.author', '=', sql.lit('agent'))
        // an internal note is no reply: the visitor never sees it
        .where('m.note', '=', sql.lit(0))
        .as('replied_at'),
      'c.ended_at',
    ]);
}

/** A chat not final yet, so without a facts row; literals, as only those let a planner match the partial index `conversations_open_created`. */
export const OPEN_STATUS = sql<boolean>`c.status in ('waiting', 'active')`;

/** Writes the facts of chats already final (the close below; data stored directly, as tests and benches do). */
export async function recordChatFacts(db: Db, conversationIds: readonly string[]): Promise<void> {
  if (conversationIds.length === 0) return;
  await db
    .insertInto('chat_facts')
    .columns(['created_at', 'status', 'accepted_at', 'accepted_by', 'replied_at', 'ended_at', 'conversation_id'])
    .expression(
      liveChatFacts(db)
        .select('c.id')
        .where('c.id', 'in', conversationIds)
        .where('c.status', 'in', ['ended', 'missed']),
    )
    .execute();
}

export interface Close {
  status: FinalStatus;
  now: number;
  endedBy: NonNullable<ConversationsTable['ended_by']>;
  /** the chat is closed only from one of these statuses */
  from: readonly ConversationStatus[];
}

/**
 * Sets a chat's final status and records its facts, in the caller's transaction; undefined (and
 * nothing written) when the chat was not in one of `from`. A closed chat leaves the queue.
 */
export async function closeConversation(trx: Db, conversationId: string, close: Close): Promise<ConversationRow | undefined> {
  const closed = await trx
    .updateTable('conversations')
    .set({ status: close.status, ended_at: close.now, ended_by: close.endedBy, queued_at: null, queue_position: null })
    .where('id', '=', conversationId)
    .where('status', 'in', close.from)
    .returningAll()
    .executeTakeFirst();
  if (closed) await recordChatFacts(trx, [conversationId]);
  return closed;
}
