import type { Selectable } from 'kysely';
import type { ConversationDTO, OfferDTO } from '../../protocol/dto.ts';
import { listConversationDTOs } from './conversations.ts';
import type { Db, OffersTable, OfferStatus } from './schema.ts';

export type OfferRow = Selectable<OffersTable>;

export function toOfferDTO(offer: OfferRow, conversation: ConversationDTO): OfferDTO {
  return {
    id: offer.id,
    conversationId: offer.conversation_id,
    createdAt: offer.created_at,
    expiresAt: offer.expires_at,
    conversation,
  };
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
  await trx
    .updateTable('users')
    .set((eb) => ({ pending_offers: eb('pending_offers', '-', 1) }))
    .where('id', '=', offer.agent_id)
    .execute();
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
  const conversations = new Map((await listConversationDTOs(db, offers.map((o) => o.conversation_id))).map((c) => [c.id, c]));
  return offers.flatMap((o) => {
    const conversation = conversations.get(o.conversation_id);
    return conversation ? [toOfferDTO(o, conversation)] : [];
  });
}
