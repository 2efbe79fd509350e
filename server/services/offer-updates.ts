/**
 * A chat is offered as soon as it starts, usually before the visitor has written anything: their first
 * message then reaches the agents it is offered to as an update of the offer, to decide on.
 */
import type { MessageDTO } from '../../protocol/dto.ts';
import { getConversationDTO } from '../db/conversations.ts';
import { offerContextsOf, pendingOffersOfConversation, shortened, toOfferDTO } from '../db/offers.ts';
import type { Db } from '../db/schema.ts';
import { toAgent, type Delivery } from './outcome.ts';

/** Call for a message stored while the chat has no agent yet; later messages change no offer. */
export async function offerUpdatesFor(trx: Db, message: MessageDTO): Promise<Delivery[]> {
  if (message.author !== 'visitor') return [];
  const pending = await pendingOffersOfConversation(trx, message.conversationId);
  if (pending.length === 0) return [];
  const context = (await offerContextsOf(trx, [message.conversationId])).get(message.conversationId);
  if (context?.firstMessage !== shortened(message.body)) return [];
  const conversation = await getConversationDTO(trx, message.conversationId);
  return pending.map((offer) => toAgent(offer.agent_id, 'offer:updated', toOfferDTO(offer, conversation, context)));
}
