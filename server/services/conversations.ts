/** Starting, writing in and ending conversations, for visitors and agents alike. */
import { randomUUID } from 'node:crypto';
import { CommandError } from '../../protocol/ack.ts';
import type { ConversationDTO, ConversationStatus, MessageDTO, VisitorSnapshot } from '../../protocol/dto.ts';
import type { MessageNotice } from '../../protocol/notices.ts';
import type { ChatStartInput, MessageSendInput } from '../../protocol/schemas.ts';
import {
  findConversation,
  findOpenConversationOf,
  getConversationDTO,
  lockConversation,
  toVisitorConversationDTO,
  type ConversationRow,
} from '../db/conversations.ts';
import { releaseChatSlot } from '../db/capacity.ts';
import { closeConversation } from '../db/chat-facts.ts';
import { appendMessage, findMessageByClientId, toMessageDTO, type MessageRow } from '../db/messages.ts';
import { endOffer, pendingOffersOfConversation } from '../db/offers.ts';
import type { Db } from '../db/schema.ts';
import { inTransaction, isUniqueViolation } from '../db/tx.ts';
import type { UserRow } from '../db/users.ts';
import type { ServiceDeps } from './deps.ts';
import { appendNotice } from './notices.ts';
import { offerUpdatesFor } from './offer-updates.ts';
import { announceMessage, sweepSoon, toAgent, toVisitor, type Delivery, type Outcome } from './outcome.ts';
import { routeConversation } from './routing.ts';
import { withdrawTransfer } from './transfers.ts';
import { visitorSnapshot } from './sync.ts';

/** Who is acting: a visitor (by id) or a signed-in agent. */
export type Actor = { kind: 'visitor'; visitorId: string } | { kind: 'agent'; agent: UserRow };

/** Visitors see only their own conversations (others do not exist for them); agents only their assigned ones. */
export function authorize(actor: Actor, conversation: ConversationRow | undefined): ConversationRow {
  if (!conversation) throw new CommandError('not_found');
  if (actor.kind === 'visitor' && conversation.visitor_id !== actor.visitorId) throw new CommandError('not_found');
  if (actor.kind === 'agent' && conversation.agent_id !== actor.agent.id) throw new CommandError('forbidden');
  return conversation;
}

export const WRITABLE: Record<Actor['kind'], readonly ConversationStatus[]> = {
  visitor: ['waiting', 'active'],
  agent: ['active'],
};

/** Who asks for a chat: the visitor, and the client address their connection comes from. */
export interface ChatRequester {
  visitorId: string;
  address: string;
}

export async function startChat(deps: ServiceDeps, who: ChatRequester, input: ChatStartInput): Promise<Outcome<VisitorSnapshot>> {
  try {
    return await startChatOnce(deps, who, input);
  } catch (error) {
    // another tab of the same visitor opened the chat at the same moment: answer with that one
    if (isUniqueViolation(error)) return startChatOnce(deps, who, input);
    throw error;
  }
}

/** A new chat costs the visitor and their address one start each; a bot opening chats in a row runs out. */
async function withinChatBudgets(deps: ServiceDeps, who: ChatRequester): Promise<boolean> {
  const { chatsPerVisitor, chatsPerAddress } = deps.config.visitorLimits;
  const [visitor, address] = await Promise.all([deps.limits.take(chatsPerVisitor, who.visitorId), deps.limits.take(chatsPerAddress, who.address)]);
  return visitor && address;
}

function startChatOnce(deps: ServiceDeps, who: ChatRequester, input: ChatStartInput): Promise<Outcome<VisitorSnapshot>> {
  const { visitorId } = who;
  return inTransaction(deps.db, async (trx) => {
    await trx.updateTable('visitors').set({ name: input.name, email: input.email }).where('id', '=', visitorId).execute();
    const open = await findOpenConversationOf(trx, visitorId);
    if (open) return { result: await visitorSnapshot(trx, open.id, 0), events: [] };
    if (!(await withinChatBudgets(deps, who))) throw new CommandError('rate_limited');
    const id = randomUUID();
    await trx
      .insertInto('conversations')
      .values({
        id,
        visitor_id: visitorId,
        agent_id: null,
        status: 'waiting',
        last_seq: 0,
        page_url: input.pageUrl ?? null,
        created_at: deps.clock.now(),
        ended_at: null,
        ended_by: null,
        site_key: input.siteKey ?? null,
        locale: input.locale ?? null,
        offers_made: 0,
        queued_at: null,
        queue_position: null,
        last_activity_at: null,
      })
      .execute();
    const events = await routeConversation(trx, deps, id);
    return { result: await visitorSnapshot(trx, id, 0), events };
  });
}

export async function authorName(db: Db, actor: Actor, conversation: ConversationRow): Promise<string | null> {
  if (actor.kind === 'agent') return actor.agent.name;
  const visitor = await db.selectFrom('visitors').select('name').where('id', '=', conversation.visitor_id).executeTakeFirst();
  return visitor?.name ?? null;
}

/**
 * A send whose client id is already stored: the same author's repeat gets the stored message (and
 * nothing is emitted again); the other side's message under that id is a clash, answered `conflict`.
 */
export function repeatOf(actor: Actor, stored: MessageRow): Outcome<MessageDTO> {
  if (stored.author !== actor.kind) throw new CommandError('conflict');
  return { result: toMessageDTO(stored), events: [] };
}

/** Stores a message once per (conversation, client id); a repeat returns the stored one and emits nothing. */
export async function sendMessage(deps: ServiceDeps, actor: Actor, input: MessageSendInput): Promise<Outcome<MessageDTO>> {
  const conversation = authorize(actor, await findConversation(deps.db, input.conversationId));
  const repeat = async (): Promise<Outcome<MessageDTO> | null> => {
    const stored = await findMessageByClientId(deps.db, conversation.id, input.clientId);
    return stored ? repeatOf(actor, stored) : null;
  };
  const earlier = await repeat();
  if (earlier) return earlier;
  const name = await authorName(deps.db, actor, conversation);
  try {
    return await inTransaction(deps.db, async (trx) => {
      const row = await appendMessage(trx, {
        conversationId: conversation.id,
        clientId: input.clientId,
        author: actor.kind,
        authorName: name,
        body: input.body,
        now: deps.clock.now(),
        whileStatus: WRITABLE[actor.kind],
      });
      if (!row) throw new CommandError('conversation_ended');
      const message = toMessageDTO(row);
      // read again under the row lock: an agent may have accepted the chat since the check above
      const current = (await findConversation(trx, conversation.id)) ?? conversation;
      const events = announceMessage(current, message);
      if (current.agent_id === null) events.push(...(await offerUpdatesFor(trx, message)));
      return { result: message, events };
    });
  } catch (error) {
    // the same client id raced in on another connection and won
    const raced = isUniqueViolation(error) ? await repeat() : null;
    if (raced) return raced;
    throw error;
  }
}

/**
 * Ends an active or waiting conversation. Ending an active one frees the agent's slot; ending a
 * waiting one withdraws its open offer.
 */
export function endConversation(deps: ServiceDeps, actor: Actor, conversationId: string): Promise<Outcome<ConversationDTO>> {
  return inTransaction(deps.db, async (trx) => {
    const conversation = authorize(actor, await lockConversation(trx, conversationId));
    if (conversation.status !== 'active' && conversation.status !== 'waiting') throw new CommandError('conversation_ended');
    const now = deps.clock.now();
    await closeConversation(trx, conversationId, { status: 'ended', now, endedBy: actor.kind, from: ['active', 'waiting'] });
    const events: Delivery[] = [];
    if (conversation.status === 'active' && conversation.agent_id) {
      await releaseChatSlot(trx, conversation.agent_id);
      // a slot came free: the queue may move
      events.push(sweepSoon);
    }
    for (const offer of await pendingOffersOfConversation(trx, conversationId)) {
      if (await endOffer(trx, offer, 'withdrawn', now, { kind: 'any' })) {
        events.push(toAgent(offer.agent_id, 'offer:ended', { offerId: offer.id, conversationId, reason: 'withdrawn' }));
      }
    }
    events.push(...(await withdrawTransfer(trx, deps, conversationId)));
    const notice: MessageNotice =
      actor.kind === 'visitor' ? { kind: 'chat_ended', by: 'visitor' } : { kind: 'chat_ended', by: 'agent', name: actor.agent.name };
    const message = await appendNotice(trx, conversationId, notice, now);
    const ended = await getConversationDTO(trx, conversationId);
    if (conversation.agent_id) events.push(toAgent(conversation.agent_id, 'conversation:ended', ended));
    events.push(toVisitor(conversation.visitor_id, 'conversation:updated', toVisitorConversationDTO(ended)));
    if (message) events.push(...announceMessage(conversation, toMessageDTO(message)));
    return { result: ended, events };
  });
}
