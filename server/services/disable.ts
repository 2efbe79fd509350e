/**
 * A disabled agent keeps nothing: their offers are withdrawn and routed on, and their open chats go
 * back to routing with the visitor told. Disabling only sets the flag (from the admin API or the CLI,
 * in any process); the sweep of whichever process comes first carries out the rest, each chat in its
 * own transaction and conditional on it still being the disabled agent's, so it happens once.
 */
import { releaseChatSlot } from '../db/capacity.ts';
import { lockConversation, getConversationDTO, toVisitorConversationDTO } from '../db/conversations.ts';
import { toMessageDTO } from '../db/messages.ts';
import { endOffer } from '../db/offers.ts';
import { inTransaction } from '../db/tx.ts';
import type { ServiceDeps } from './deps.ts';
import { appendNotice } from './notices.ts';
import { announceMessage, toAgent, toVisitor, type Delivery } from './outcome.ts';
import { routeConversation } from './routing.ts';
import { afterOfferEnded, withdrawTransfer } from './transfers.ts';

const RELEASE_BATCH = 100;

export async function releaseDisabledAgents(deps: ServiceDeps): Promise<Delivery[]> {
  const { db } = deps;
  const disabled = db.selectFrom('users').select('id').where('disabled', '=', 1);
  const offers = await db
    .selectFrom('offers')
    .selectAll()
    .where('status', '=', 'pending')
    .where('agent_id', 'in', disabled)
    .limit(RELEASE_BATCH)
    .execute();
  const chats = await db
    .selectFrom('conversations')
    .select(['id', 'agent_id'])
    .where('status', '=', 'active')
    .where('agent_id', 'in', disabled)
    .limit(RELEASE_BATCH)
    .execute();
  const events: Delivery[] = [];
  for (const offer of offers) {
    events.push(
      ...(await inTransaction(db, async (trx) => {
        await lockConversation(trx, offer.conversation_id);
        if (!(await endOffer(trx, offer, 'withdrawn', deps.clock.now(), { kind: 'any' }))) return [];
        return [
          toAgent(offer.agent_id, 'offer:ended', { offerId: offer.id, conversationId: offer.conversation_id, reason: 'withdrawn' }),
          ...(await afterOfferEnded(trx, deps, offer, 'expired', null)),
        ];
      })),
    );
  }
  for (const chat of chats) events.push(...(await handBack(deps, chat.id, chat.agent_id!)));
  return events;
}

/** The chat goes back to routing as a new wait; the visitor sees that they are being connected again. */
function handBack(deps: ServiceDeps, conversationId: string, agentId: string): Promise<Delivery[]> {
  return inTransaction(deps.db, async (trx) => {
    const conversation = await lockConversation(trx, conversationId);
    if (conversation?.status !== 'active' || conversation.agent_id !== agentId) return [];
    const now = deps.clock.now();
    const agent = await trx.selectFrom('users').select('name').where('id', '=', agentId).executeTakeFirstOrThrow();
    const withdrawn = await withdrawTransfer(trx, deps, conversationId);
    await trx
      .updateTable('conversations')
      .set({ status: 'waiting', agent_id: null, offers_made: 0, waiting_since: now, queued_at: null, queue_position: null })
      .where('id', '=', conversationId)
      .execute();
    await releaseChatSlot(trx, agentId);
    const notice = await appendNotice(trx, conversationId, { kind: 'agent_unavailable', name: agent.name }, now);
    const waiting = await getConversationDTO(trx, conversationId);
    return [
      ...withdrawn,
      toAgent(agentId, 'conversation:ended', waiting),
      toVisitor(conversation.visitor_id, 'conversation:updated', toVisitorConversationDTO(waiting)),
      ...(notice ? announceMessage({ visitor_id: conversation.visitor_id, agent_id: null }, toMessageDTO(notice)) : []),
      ...(await routeConversation(trx, deps, conversationId)),
    ];
  });
}
