import type { Insertable, Selectable } from 'kysely';
import type { ConversationDTO, OfferDTO } from '../../protocol/dto.ts';
import { releaseOfferSlot } from './capacity.ts';
import { listConversationDTOs } from './conversations.ts';
import { offerTransfersOf } from './transfers.ts';
import type { ConversationsTable, Db, OffersTable, OfferStatus } from './schema.ts';

export type OfferRow = Selectable<OffersTable>;

/**
 * The one way an offer row is written: it carries its chat's request time, copied from the chat's row,
 * so that a report counts a range's offers by one scan of `offers_chat_created` without joining its chats.
 */
export async function insertOffer(
  trx: Db,
  chat: Pick<ConversationsTable, 'id' | 'created_at'>,
  offer: Omit<Insertable<OffersTable>, 'conversation_id' | 'chat_created_at'>,
): Promise<OfferRow> {
  const row: OfferRow = { ended_at: null, transfer_id: null, ...offer, conversation_id: chat.id, chat_created_at: chat.created_at };
  await trx.insertInto('offers').values(row).execute();
  return row;
}

/** What an agent decides an offer on besides the visitor: their first message, their page, and for a transfer who hands it over. */
export type OfferContext = Pick<OfferDTO, 'firstMessage' | 'page' | 'transfer'>;

/** Enough of a first message to decide on; the whole of it comes with the chat. */
export const FIRST_MESSAGE_MAX = 280;

export function shortened(body: string): string {
  const chars = [...body.trim()];
  return chars.length <= FIRST_MESSAGE_MAX ? chars.join('') : `${chars.slice(0, FIRST_MESSAGE_MAX - 1).join('')}…`;
}

export function toOfferDTO(offer: OfferRow, conversation: ConversationDTO, context: OfferContext = {}): OfferDTO {
  return {
    id: offer.id,
    conversationId: offer.conversation_id,
    createdAt: offer.created_at,
    expiresAt: offer.expires_at,
    conversation,
    ...(context.firstMessage !== undefined ? { firstMessage: context.firstMessage } : {}),
    ...(context.page ? { page: context.page } : {}),
    ...(context.transfer ? { transfer: context.transfer } : {}),
  };
}

/**
 * Each conversation's offer context: the first visitor message (by seq), and the page the chat
 * started on, titled by the visitor's latest recorded visit of that address.
 */
export async function offerContextsOf(db: Db, conversationIds: readonly string[]): Promise<Map<string, OfferContext>> {
  const contexts = new Map<string, OfferContext>(conversationIds.map((id) => [id, {}]));
  if (conversationIds.length === 0) return contexts;
  const firsts = await db
    .selectFrom('messages as m')
    .select(['m.conversation_id', 'm.body'])
    .where('m.conversation_id', 'in', conversationIds)
    .where('m.author', '=', 'visitor')
    .where((eb) =>
      eb(
        'm.seq',
        '=',
        eb
          .selectFrom('messages as f')
          .select((f) => f.fn.min('f.seq').as('seq'))
          .whereRef('f.conversation_id', '=', 'm.conversation_id')
          .where('f.author', '=', 'visitor'),
      ),
    )
    .execute();
  const pages = await db
    .selectFrom('conversations as c')
    .select((eb) => [
      'c.id',
      'c.page_url',
      eb
        .selectFrom('activities as a')
        .select('a.title')
        .whereRef('a.visitor_id', '=', 'c.visitor_id')
        .whereRef('a.url', '=', 'c.page_url')
        .where('a.type', '=', 'page_visit')
        .orderBy('a.at', 'desc')
        .limit(1)
        .as('page_title'),
    ])
    .where('c.id', 'in', conversationIds)
    .where('c.page_url', 'is not', null)
    .execute();
  for (const { conversation_id, body } of firsts) contexts.get(conversation_id)!.firstMessage = shortened(body);
  for (const { id, page_url, page_title } of pages) {
    contexts.get(id)!.page = { url: page_url!, title: page_title?.trim() ? page_title : null };
  }
  return contexts;
}

export function findOffer(db: Db, id: string): Promise<OfferRow | undefined> {
  return db.selectFrom('offers').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Which pending offers a transition may end: any, only those still inside, or only those past their deadline. */
export type DeadlineRule = { kind: 'any' } | { kind: 'alive'; now: number } | { kind: 'due'; now: number };

/**
 * Ends a pending offer and frees the agent's offer slot. Conditional on the offer still being pending,
 * so of two racing transitions exactly one wins; returns whether this one did.
 */
export async function endOffer(
  trx: Db,
  offer: OfferRow,
  status: Exclude<OfferStatus, 'pending'>,
  endedAt: number,
  rule: DeadlineRule,
): Promise<boolean> {
  let update = trx
    .updateTable('offers')
    .set({ status, ended_at: endedAt })
    .where('id', '=', offer.id)
    .where('status', '=', 'pending');
  if (rule.kind === 'alive') update = update.where('expires_at', '>', rule.now);
  if (rule.kind === 'due') update = update.where('expires_at', '<=', rule.now);
  const result = await update.executeTakeFirst();
  if (result.numUpdatedRows !== 1n) return false;
  await releaseOfferSlot(trx, offer.agent_id);
  return true;
}

export function pendingOffersOfConversation(db: Db, conversationId: string): Promise<OfferRow[]> {
  return db
    .selectFrom('offers')
    .selectAll()
    .where('conversation_id', '=', conversationId)
    .where('status', '=', 'pending')
    .execute();
}

export function dueOffers(db: Db, now: number, limit: number): Promise<OfferRow[]> {
  return db
    .selectFrom('offers')
    .selectAll()
    .where('status', '=', 'pending')
    .where('expires_at', '<=', now)
    .orderBy('expires_at')
    .limit(limit)
    .execute();
}

/** The agent's offers still open to an answer, with their conversations. */
export async function openOfferDTOsOf(db: Db, agentId: string, now: number): Promise<OfferDTO[]> {
  const offers = await db
    .selectFrom('offers')
    .selectAll()
    .where('agent_id', '=', agentId)
    .where('status', '=', 'pending')
    .where('expires_at', '>', now)
    .orderBy('created_at')
    .execute();
  const ids = offers.map((o) => o.conversation_id);
  const conversations = new Map((await listConversationDTOs(db, ids)).map((c) => [c.id, c]));
  const contexts = await offerContextsOf(db, ids);
  const transfers = await offerTransfersOf(db, offers.flatMap((o) => (o.transfer_id ? [o.transfer_id] : [])));
  return offers.flatMap((o) => {
    const conversation = conversations.get(o.conversation_id);
    const transfer = o.transfer_id ? transfers.get(o.transfer_id) : undefined;
    return conversation ? [toOfferDTO(o, conversation, { ...contexts.get(o.conversation_id), transfer })] : [];
  });
}
