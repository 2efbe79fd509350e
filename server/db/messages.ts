import { randomUUID } from 'node:crypto';
import { sql, type Selectable } from 'kysely';
import type { ConversationStatus, MessageAuthor, MessageDTO } from '../../protocol/dto.ts';
import type { MessageCard } from '../../protocol/meetings.ts';
import type { MessageNotice } from '../../protocol/notices.ts';
import { precompiled } from './precompiled.ts';
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
    ...(m.notice ? { notice: JSON.parse(m.notice) as MessageNotice } : {}),
    ...(m.note ? { note: true as const } : {}),
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
  /** a line the service wrote, for clients to word in their reader's language */
  notice?: MessageNotice;
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
    notice: m.notice ? JSON.stringify(m.notice) : null,
    note: 0,
  };
  await trx.insertInto('messages').values(row).execute();
  return row;
}

/** Who writes a client message: the conversation's visitor, or the agent it is assigned to. */
export type ClientAuthor = { kind: 'visitor'; visitorId: string } | { kind: 'agent'; agentId: string; name: string };

export interface NewClientMessage {
  conversationId: string;
  clientId: string;
  author: ClientAuthor;
  body: string;
  now: number;
  whileStatus: readonly ConversationStatus[];
  /** an internal note (agents only): never told to or synced by the visitor */
  note?: boolean;
}

export type ClientAppend =
  /** stored now; `conversation` is read under the row lock, so its agent is the one to tell */
  | { kind: 'stored'; row: MessageRow; conversation: { visitor_id: string; agent_id: string | null } }
  /** nothing written: the conversation is missing, not the author's, not writable, or has this client id */
  | { kind: 'refused' }
  /** another process stored this client id after our snapshot; nothing written */
  | { kind: 'raced' };

interface BumpValues {
  [key: string]: string | number | readonly string[];
  conversationId: string;
  ownerId: string;
  whileStatus: readonly ConversationStatus[];
  clientId: string;
  now: number;
}

function bumpQuery(db: Db, owner: 'visitor_id' | 'agent_id', v: BumpValues) {
  return db
    .updateTable('conversations')
    .set((eb) => ({ last_seq: eb('last_seq', '+', 1), last_activity_at: v.now }))
    .where('id', '=', v.conversationId)
    .where(owner, '=', v.ownerId)
    .where('status', 'in', v.whileStatus)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('messages')
            .select(sql.lit(1).as('one'))
            .whereRef('messages.conversation_id', '=', 'conversations.id')
            .where('messages.client_id', '=', v.clientId),
        ),
      ),
    )
    .returning((eb) => [
      'last_seq',
      'visitor_id',
      'agent_id',
      eb.selectFrom('visitors').select('name').whereRef('visitors.id', '=', 'conversations.visitor_id').as('visitor_name'),
    ]);
}

type InsertValues = { [key: string]: string | number | null } & Omit<MessageRow, 'card' | 'notice'>;

function insertQuery(db: Db, row: InsertValues) {
  return db
    .insertInto('messages')
    .values({ ...row, card: null, notice: null })
    .onConflict((oc) => oc.columns(['conversation_id', 'client_id']).doNothing())
    .returning('seq');
}

/**
 * The hot path of a client's message in two statements, compiled once per shape (db/precompiled.ts)
 * against `root`. The UPDATE takes the next seq only if the conversation exists, belongs to the
 * author, is writable and has no message with this client id yet; it locks the conversation row
 * (PostgreSQL) and returns whom to tell and the visitor's name. The INSERT then cannot meet another
 * seq; ON CONFLICT DO NOTHING catches the one race the NOT EXISTS cannot see: the same client id
 * committed by another process between our snapshot and our lock. Then the seq is given back (we
 * still hold the lock, so nobody took a later one; last_activity_at keeps the time of this repeat).
 * Must run inside a transaction. A refusal says nothing about why: the caller reads the
 * conversation to find out, off the hot path.
 */
export function clientMessageAppender(root: Db): (trx: Db, m: NewClientMessage) => Promise<ClientAppend> {
  const bumpAsVisitor = precompiled(root, (v: BumpValues) => `${v.whileStatus.length}`, (db, v) => bumpQuery(db, 'visitor_id', v));
  const bumpAsAgent = precompiled(root, (v: BumpValues) => `${v.whileStatus.length}`, (db, v) => bumpQuery(db, 'agent_id', v));
  const insert = precompiled(root, () => '', insertQuery);
  return async (trx, m) => {
    const values: BumpValues = {
      conversationId: m.conversationId,
      ownerId: m.author.kind === 'visitor' ? m.author.visitorId : m.author.agentId,
      whileStatus: m.whileStatus,
      clientId: m.clientId,
      now: m.now,
    };
    const [bumped] = await (m.author.kind === 'visitor' ? bumpAsVisitor : bumpAsAgent)(trx, values);
    if (!bumped) return { kind: 'refused' };
    const row: InsertValues = {
      id: randomUUID(),
      conversation_id: m.conversationId,
      seq: bumped.last_seq,
      client_id: m.clientId,
      author: m.author.kind,
      author_name: m.author.kind === 'agent' ? m.author.name : (bumped.visitor_name ?? null),
      body: m.body,
      created_at: m.now,
      note: m.note && m.author.kind === 'agent' ? 1 : 0,
    };
    const [inserted] = await insert(trx, row);
    if (!inserted) {
      await trx
        .updateTable('conversations')
        .set((eb) => ({ last_seq: eb('last_seq', '-', 1) }))
        .where('id', '=', m.conversationId)
        .execute();
      return { kind: 'raced' };
    }
    return { kind: 'stored', row: { ...row, card: null, notice: null }, conversation: { visitor_id: bumped.visitor_id, agent_id: bumped.agent_id } };
  };
}

/** A message the server writes itself; its client id cannot collide with a client's. */
export function appendSystemMessage(trx: Db, conversationId: string, body: string, now: number, notice?: MessageNotice) {
  return appendMessage(trx, {
    conversationId,
    clientId: `system.${randomUUID()}`,
    author: 'system',
    authorName: null,
    body,
    now,
    ...(notice ? { notice } : {}),
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

/** Who reads: an agent reads internal notes, a visitor never does. */
export type MessageReader = 'agent' | 'visitor';

/** Messages after each cursor, in (conversation, seq) order; for a visitor without internal notes. */
export async function listMessagesAfter(db: Db, cursors: ReadonlyMap<string, number>, reader: MessageReader): Promise<MessageRow[]> {
  if (cursors.size === 0) return [];
  let query = db
    .selectFrom('messages')
    .selectAll()
    .where((eb) =>
      eb.or([...cursors].map(([id, after]) => eb.and([eb('conversation_id', '=', id), eb('seq', '>', after)]))),
    );
  if (reader === 'visitor') query = query.where('note', '=', 0);
  return query
    .orderBy('conversation_id')
    .orderBy('seq')
    .execute();
}
