/** The agent's answers to offers, and offers running out of time. */
import { CommandError } from '../../protocol/ack.ts';
import type { ConversationDTO } from '../../protocol/dto.ts';
import { takeChatSlot } from '../db/capacity.ts';
import { getConversationDTO, lockConversation, toVisitorConversationDTO } from '../db/conversations.ts';
import { toMessageDTO } from '../db/messages.ts';
import { dueOffers, endOffer, findOffer, type OfferRow } from '../db/offers.ts';
import type { Db } from '../db/schema.ts';
import { inTransaction } from '../db/tx.ts';
import type { UserRow } from '../db/users.ts';
import type { Logger } from '../src/logger.ts';
import type { ServiceDeps } from './deps.ts';
import { capacitySetting } from './routing-settings.ts';
import { appendNotice } from './notices.ts';
import { announceMessage, sweepSoon, toAgent, toVisitor, type Delivery, type Outcome } from './outcome.ts';
import { afterOfferEnded, completeTransfer } from './transfers.ts';

const EXPIRY_BATCH = 100;

async function ownOffer(trx: Db, agentId: string, offerId: string): Promise<OfferRow> {
  const offer = await findOffer(trx, offerId);
  if (!offer || offer.agent_id !== agentId) throw new CommandError('not_found');
  return offer;
}

export function acceptOffer(deps: ServiceDeps, agent: UserRow, offerId: string): Promise<Outcome<ConversationDTO>> {
  return inTransaction(deps.db, async (trx) => {
    const offer = await ownOffer(trx, agent.id, offerId);
    const now = deps.clock.now();
    await lockConversation(trx, offer.conversation_id);
    if (!(await endOffer(trx, offer, 'accepted', now, { kind: 'alive', now }))) throw new CommandError('offer_expired');
    if (!(await takeChatSlot(trx, agent.id, await capacitySetting(trx, deps.config)))) throw new CommandError('capacity_reached');
    if (offer.transfer_id !== null) return completeTransfer(trx, deps, agent, offer);
    const assigned = await trx
      .updateTable('conversations')
      .set({ status: 'active', agent_id: agent.id, last_activity_at: now })
      .where('id', '=', offer.conversation_id)
      .where('status', '=', 'waiting')
      .returning(['visitor_id', 'agent_id'])
      .executeTakeFirst();
    if (!assigned) throw new CommandError('offer_expired');
    const joined = await appendNotice(trx, offer.conversation_id, { kind: 'agent_joined', name: agent.name }, now);
    const conversation = await getConversationDTO(trx, offer.conversation_id);
    return {
      result: conversation,
      events: [
        toAgent(agent.id, 'conversation:assigned', conversation),
        toAgent(agent.id, 'offer:ended', { offerId, conversationId: offer.conversation_id, reason: 'accepted' }),
        toVisitor(assigned.visitor_id, 'conversation:updated', toVisitorConversationDTO(conversation)),
        ...(joined ? announceMessage(assigned, toMessageDTO(joined)) : []),
      ],
    };
  });
}

export function declineOffer(deps: ServiceDeps, agent: UserRow, offerId: string): Promise<Outcome<null>> {
  return inTransaction(deps.db, async (trx) => {
    const offer = await ownOffer(trx, agent.id, offerId);
    await lockConversation(trx, offer.conversation_id);
    if (!(await endOffer(trx, offer, 'declined', deps.clock.now(), { kind: 'any' }))) {
      throw new CommandError('offer_expired');
    }
    return {
      result: null,
      events: [
        toAgent(agent.id, 'offer:ended', { offerId, conversationId: offer.conversation_id, reason: 'declined' }),
        ...(await afterOfferEnded(trx, deps, offer, 'declined', agent.name)),
        // the decliner's slot came free: the queue may move
        sweepSoon,
      ],
    };
  });
}

/**
 * Expires one offer whose deadline has passed and routes its conversation on (a transfer: to the
 * team's next agent, or back to its sender). Conditional, so when
 * two processes sweep at once only one of them expires it. An offer its agent could not see (their
 * connection or their process was lost) lapses instead: the agent has not passed on the chat, so
 * routing may offer it to them again once they are back.
 */
export function expireOffer(deps: ServiceDeps, offer: OfferRow): Promise<Delivery[]> {
  return inTransaction(deps.db, async (trx) => {
    const now = deps.clock.now();
    await lockConversation(trx, offer.conversation_id);
    const seen = await deps.presence.couldSee(trx, offer.agent_id, offer.created_at);
    if (!(await endOffer(trx, offer, seen ? 'expired' : 'lapsed', now, { kind: 'due', now }))) return [];
    return [
      toAgent(offer.agent_id, 'offer:ended', { offerId: offer.id, conversationId: offer.conversation_id, reason: 'expired' }),
      ...(await afterOfferEnded(trx, deps, offer, 'expired', null)),
    ];
  });
}

/** The sweep's phase: every offer past its deadline, each on its own so one failure stops no other. */
export async function expireDueOffers(deps: ServiceDeps, logger: Logger): Promise<Delivery[]> {
  const events: Delivery[] = [];
  for (const offer of await dueOffers(deps.db, deps.clock.now(), EXPIRY_BATCH)) {
    try {
      events.push(...(await expireOffer(deps, offer)));
    } catch (error) {
      logger.error('offer expiry failed', { offerId: offer.id, error });
    }
  }
  return events;
}
