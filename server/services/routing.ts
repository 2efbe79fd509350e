/**
 * Round robin: a waiting conversation is offered to one eligible agent at a time; when nobody is
 * left, it is missed and the visitor gets the fallback message.
 */
import { randomUUID } from 'node:crypto';
import type { Expression, ExpressionBuilder, SqlBool } from 'kysely';
import { findConversation, getConversationDTO, toVisitorConversationDTO } from '../db/conversations.ts';
import { appendSystemMessage, toMessageDTO } from '../db/messages.ts';
import { toOfferDTO, type OfferRow } from '../db/offers.ts';
import type { DB } from '../db/schema.ts';
import type { Db } from '../db/schema.ts';
import type { ServiceDeps } from './deps.ts';
import { announceMessage, toAgent, toVisitor, type Delivery } from './outcome.ts';

/** Enabled, available, and with a free slot (accepted chats + open offers below the maximum). */
function eligible(eb: ExpressionBuilder<DB, 'users'>, max: number): Expression<SqlBool> {
  return eb.and([
    eb('disabled', '=', 0),
    eb('available', '=', 1),
    eb(eb('active_chats', '+', eb.ref('pending_offers')), '<', max),
  ]);
}

/**
 * Offers a waiting conversation that has no open offer to the next agent. Must run inside the
 * transaction that made it routable, after locking the conversation.
 */
export async function routeConversation(trx: Db, deps: ServiceDeps, conversationId: string): Promise<Delivery[]> {
  const conversation = await findConversation(trx, conversationId);
  if (conversation?.status !== 'waiting') return [];
  const now = deps.clock.now();
  const max = deps.config.maxChatsPerAgent;
  const online = await deps.presence.onlineAgentIds();
  const candidates =
    online.length === 0
      ? []
      : await trx
          .selectFrom('users')
          .select('id')
          .where('id', 'in', online)
          .where((eb) => eligible(eb, max))
          .where('id', 'not in', (eb) =>
            eb.selectFrom('offers').select('agent_id').where('conversation_id', '=', conversationId),
          )
          .orderBy('last_offered_at')
          .orderBy('id')
          .execute();

  for (const { id: agentId } of candidates) {
    // re-checked on the row itself: on PostgreSQL a concurrent router may have taken the last slot
    const claimed = await trx
      .updateTable('users')
      .set((eb) => ({ pending_offers: eb('pending_offers', '+', 1), last_offered_at: now }))
      .where('id', '=', agentId)
      .where((eb) => eligible(eb, max))
      .executeTakeFirst();
    if (claimed.numUpdatedRows !== 1n) continue;
    const offer: OfferRow = {
      id: randomUUID(),
      conversation_id: conversationId,
      agent_id: agentId,
      status: 'pending',
      created_at: now,
      expires_at: now + deps.config.offerTimeoutMs,
      ended_at: null,
    };
    await trx.insertInto('offers').values(offer).execute();
    const dto = toOfferDTO(offer, await getConversationDTO(trx, conversationId));
    return [toAgent(agentId, 'offer:created', dto)];
  }
  return markMissed(trx, deps, conversationId, now);
}

async function markMissed(trx: Db, deps: ServiceDeps, conversationId: string, now: number): Promise<Delivery[]> {
  const missed = await trx
    .updateTable('conversations')
    .set({ status: 'missed', ended_at: now, ended_by: 'system' })
    .where('id', '=', conversationId)
    .where('status', '=', 'waiting')
    .returning(['visitor_id', 'agent_id'])
    .executeTakeFirst();
  if (!missed) return [];
  const message = await appendSystemMessage(trx, conversationId, deps.config.fallbackMessage, now);
  const conversation = toVisitorConversationDTO(await getConversationDTO(trx, conversationId));
  return [
    toVisitor(missed.visitor_id, 'conversation:updated', conversation),
    ...(message ? announceMessage(missed, toMessageDTO(message)) : []),
  ];
}
