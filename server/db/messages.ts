import { randomUUID } from 'node:crypto';
import type { Selectable } from 'kysely';
import type { ConversationStatus, MessageAuthor, MessageDTO } from '../../protocol/dto.ts';
import type { MessageCard } from '../../protocol/meetings.ts';
import type { Db, MessagesTable } from './schema.ts';

export type MessageRow = Selectable<MessagesTable>;

export function toMessageDTO(m: MessageRow): MessageDTO {
  return {
    id: m.id,
    conversationId: m.conversation_id,
    seq: m.seq,
    clientId: m.client_id,
    author: m.author,
    authorName: m.author_name,
    body: m.body,
    createdAt: m.created_at,
    ...(m.card ? { card: JSON.parse(m.card) as MessageCard } : {}),
  };
}

export interface NewMessage {
  conversationId: string;
  clientId: string;
  author: MessageAuthor;
  authorName: string | null;
  body: string;
  now: number;
  /** structured content for clients to show as a card */
  card?: MessageCard;
  /** the message is stored only while the conversation has one of these statuses */
  whileStatus?: readonly ConversationStatus[];
}

/**
 * Takes the conversation's next sequence number and stores the message with it. Must run inside a
 * transaction. Returns undefined when the conversation is not (or no longer) in `whileStatus`.
 */
export async function appendMessage(trx: Db, m: NewMessage): Promise<MessageRow | undefined> {
  let bump = trx
    .updateTable('conversations')
    // the idle timeout counts from the last visitor or agent message, not from system notices
    .set((eb) => ({ last_seq: eb('last_seq', '+', 1), ...(m.author === 'system' ? {} : { last_activity_at: m.now }) }))
    .where('id', '=', m.conversationId);
  if (m.whileStatus) bump = bump.where('status', 'in', m.whileStatus);
  const bumped = await bump.returning('last_seq').executeTakeFirst();
  if (!bumped) return undefined;
  const row: MessageRow = {
    id: randomUUID(),
    conversation_id: m.conversationId,
    seq: bumped.last_seq,
    client_id: m.clientId,
    author: m.author,
    author_name: m.authorName,
    body: m.body,
    created_at: m.now,
    card: m.card ? JSON.stringify(m.card) : null,
  };
  await trx.insertInto('messages').values(row).execute();
  return row;
}

/** A message the server writes itself; its client id cannot collide with a client's. */
export function appendSystemMessage(trx: Db, conversationId: string, body: string, now: number) {
  return appendMessage(trx, {
    conversationId,
    clientId: `system.${randomUUID()}`,
    author: 'system',
    authorName: null,
    body,
    now,
  });
}

export function findMessageByClientId(db: Db, conversationId: string, clientId: string) {
  return db
    .selectFrom('messages')
    .selectAll()
    .where('conversation_id', '=', conversationId)
    .where('client_id', '=', clientId)
    .executeTakeFirst();
}

/** Messages after each cursor, in (conversation, seq) order. */
export async function listMessagesAfter(db: Db, cursors: ReadonlyMap<string, number>): Promise<MessageRow[]> {
  if (cursors.size === 0) return [];
  return db
    .selectFrom('messages')
    .selectAll()
    .where((eb) =>
      eb.or([...cursors].map(([id, after]) => eb.and([eb('conversation_id', '=', id), eb('seq', '>', after)]))),
    )
    .orderBy('conversation_id')
    .orderBy('seq')
    .execute();
}
