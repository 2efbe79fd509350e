/**
 * Transfers (SPEC R25): an agent offers an active chat they hold to a named agent or a team. The chat
 * stays the sender's (theirs to write in, counted in their load) until an offer of the transfer is
 * accepted; a decline, a timeout or a team with nobody left hands it back to them with a notice; the
 * chat never waits or is missed because of a transfer. Each step runs in the transaction of the command
 * or sweep that caused it, after the conversation's row lock, so a chat has one transfer at a time and
 * moves once.
 */
import { randomUUID } from 'node:crypto';
import { CommandError } from '../../protocol/ack.ts';
import type { ConversationDTO, OfferDTO } from '../../protocol/dto.ts';
import type { ChatTransferInput, TransferDTO, TransferStatus, TransferTargets } from '../../protocol/transfer.ts';
import { capacityOf, claimOfferSlot, releaseChatSlot } from '../db/capacity.ts';
import { getConversationDTO, lockConversation, toVisitorConversationDTO, type ConversationRow } from '../db/conversations.ts';
import { toMessageDTO } from '../db/messages.ts';
import { endOffer, insertOffer, offerContextsOf, toOfferDTO, type OfferRow } from '../db/offers.ts';
import { listTeams } from '../db/routing-config.ts';
import type { Db } from '../db/schema.ts';
import { findTransfer, getTransferDTO, offerTransfersOf, pendingTransferOf, type TransferRow } from '../db/transfers.ts';
import { inTransaction } from '../db/tx.ts';
import { effectiveOf, type UserRow } from '../db/users.ts';
import type { ServiceDeps } from './deps.ts';
import { appendNotice } from './notices.ts';
import { announceMessage, sweepSoon, toAgent, toVisitor, type Delivery, type Outcome } from './outcome.ts';
import { candidatesNow, claimTeamAgent, routeConversation } from './routing.ts';
import { capacitySetting, settingInForce } from './routing-settings.ts';

async function isReachable(trx: Db, deps: ServiceDeps, agentId: string): Promise<boolean> {
  const row = await trx.selectFrom('users').select('id').where('id', '=', agentId).where('id', 'in', deps.presence.reachableAgentIds(trx)).executeTakeFirst();
  return row !== undefined;
}

/** Offers the transferred chat to `agentId`, whose offer slot the caller has claimed. */
async function offerTransfer(trx: Db, deps: ServiceDeps, conversation: ConversationRow, transfer: TransferRow, agentId: string): Promise<Delivery[]> {
  const now = deps.clock.now();
  const row = await insertOffer(trx, conversation, {
    id: randomUUID(),
    agent_id: agentId,
    status: 'pending',
    created_at: now,
    expires_at: now + (await settingInForce(trx, deps.config, 'offerTimeoutMs')),
    transfer_id: transfer.id,
  });
  const context = (await offerContextsOf(trx, [transfer.conversation_id])).get(transfer.conversation_id);
  const offerTransfer = (await offerTransfersOf(trx, [transfer.id])).get(transfer.id);
  const dto: OfferDTO = toOfferDTO(row, await getConversationDTO(trx, transfer.conversation_id), { ...context, transfer: offerTransfer });
  return [toAgent(agentId, 'offer:created', dto)];
}

/** Who is offered next: the named agent once, or the team's next agent by its strategy; null: nobody. */
async function nextReceiver(trx: Db, deps: ServiceDeps, conversation: ConversationRow, transfer: TransferRow): Promise<string | null> {
  if (transfer.team_id === null) return null;
  return claimTeamAgent(trx, deps, conversation, { id: transfer.id, teamId: transfer.team_id, sender: transfer.from_agent_id });
}

/** Ends the transfer; the sender learns the outcome with the chat as it is now. */
async function finishTransfer(trx: Db, transfer: TransferRow, status: Exclude<TransferStatus, 'pending'>, now: number, byName: string | null): Promise<Delivery[]> {
  const ended = await trx
    .updateTable('transfers')
    .set({ status, ended_at: now, ended_by_name: byName })
    .where('id', '=', transfer.id)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  if (ended.numUpdatedRows !== 1n) return [];
  const update = { transfer: await getTransferDTO(trx, transfer.id), conversation: await getConversationDTO(trx, transfer.conversation_id) };
  return [toAgent(transfer.from_agent_id, 'transfer:ended', update)];
}

export function startTransfer(deps: ServiceDeps, agent: UserRow, input: ChatTransferInput): Promise<Outcome<TransferDTO>> {
  return inTransaction(deps.db, async (trx) => {
    const conversation = await lockConversation(trx, input.conversationId);
    if (!conversation) throw new CommandError('not_found');
    if (conversation.agent_id !== agent.id) throw new CommandError('forbidden');
    if (conversation.status !== 'active') throw new CommandError('conversation_ended');
    // one transfer at a time; the unique index on pending transfers says the same to a racing process
    if (await pendingTransferOf(trx, conversation.id)) throw new CommandError('conflict');
    const now = deps.clock.now();
    const named = 'agentId' in input.to ? input.to.agentId : null;
    const teamId = 'teamId' in input.to ? input.to.teamId : null;
    if (named !== null) {
      if (named === agent.id) throw new CommandError('conflict');
      const receiver = await trx.selectFrom('users').select('id').where('id', '=', named).where('disabled', '=', 0).executeTakeFirst();
      if (!receiver) throw new CommandError('not_found');
      if (!(await isReachable(trx, deps, named))) throw new CommandError('unreachable');
    } else if (!(await trx.selectFrom('teams').select('id').where('id', '=', teamId!).executeTakeFirst())) {
      throw new CommandError('not_found');
    }
    const transfer: TransferRow = {
      id: randomUUID(),
      conversation_id: conversation.id,
      from_agent_id: agent.id,
      to_agent_id: named,
      team_id: teamId,
      note: input.note?.trim() || null,
      status: 'pending',
      created_at: now,
      ended_at: null,
      ended_by_name: null,
    };
    await trx.insertInto('transfers').values(transfer).execute();
    // a named agent is offered the chat whatever their load (they need room to accept); a team only offers those with room
    let receiver = named;
    if (named !== null) await claimOfferSlot(trx, named, null, now);
    else receiver = await nextReceiver(trx, deps, conversation, transfer);
    if (receiver === null) throw new CommandError('unreachable');
    const offered = await offerTransfer(trx, deps, conversation, transfer, receiver);
    const dto = await getTransferDTO(trx, transfer.id);
    return { result: dto, events: [toAgent(agent.id, 'transfer:started', dto), ...offered] };
  });
}

/**
 * The receiver accepted (their offer is ended as accepted and their chat slot taken, by acceptOffer):
 * the chat becomes theirs, the sender's slot comes free, the visitor is told whom they chat with now.
 */
export async function completeTransfer(trx: Db, deps: ServiceDeps, receiver: UserRow, offer: OfferRow): Promise<Outcome<ConversationDTO>> {
  const now = deps.clock.now();
  const transfer = await findTransfer(trx, offer.transfer_id!);
  if (transfer?.status !== 'pending') throw new CommandError('offer_expired');
  const moved = await trx
    .updateTable('conversations')
    .set({ agent_id: receiver.id, last_activity_at: now })
    .where('id', '=', offer.conversation_id)
    .where('status', '=', 'active')
    .where('agent_id', '=', transfer.from_agent_id)
    .returning(['visitor_id', 'agent_id'])
    .executeTakeFirst();
  if (!moved) throw new CommandError('offer_expired');
  await releaseChatSlot(trx, transfer.from_agent_id);
  const told = await finishTransfer(trx, transfer, 'accepted', now, receiver.name);
  const notice = await appendNotice(trx, offer.conversation_id, { kind: 'agent_transferred', name: receiver.name }, now);
  const conversation = await getConversationDTO(trx, offer.conversation_id);
  return {
    result: conversation,
    events: [
      toAgent(receiver.id, 'conversation:assigned', conversation),
      toAgent(receiver.id, 'offer:ended', { offerId: offer.id, conversationId: offer.conversation_id, reason: 'accepted' }),
      ...told,
      toVisitor(moved.visitor_id, 'conversation:updated', toVisitorConversationDTO(conversation)),
      ...(notice ? announceMessage(moved, toMessageDTO(notice)) : []),
      // the sender's slot came free: the queue may move
      sweepSoon,
    ],
  };
}

/**
 * What follows an offer that ended without being accepted (declined, timed out, its agent disabled):
 * a routed chat is routed on; a transfer goes to the team's next agent or back to its sender.
 * Runs in the transaction that ended the offer, after the conversation's row lock.
 */
export async function afterOfferEnded(trx: Db, deps: ServiceDeps, offer: OfferRow, how: 'declined' | 'expired', byName: string | null): Promise<Delivery[]> {
  if (offer.transfer_id === null) return routeConversation(trx, deps, offer.conversation_id);
  const transfer = await findTransfer(trx, offer.transfer_id);
  if (transfer?.status !== 'pending') return [];
  const conversation = await lockConversation(trx, transfer.conversation_id);
  if (conversation?.status === 'active' && conversation.agent_id === transfer.from_agent_id) {
    const next = await nextReceiver(trx, deps, conversation, transfer);
    if (next !== null) return offerTransfer(trx, deps, conversation, transfer, next);
  }
  // a team that ran out of agents: nobody accepted, whoever said no last
  const status = transfer.team_id === null ? how : 'expired';
  return finishTransfer(trx, transfer, status, deps.clock.now(), status === 'declined' ? byName : null);
}

/**
 * The chat ended or left its sender (visitor or agent ended it, idle, the sender was disabled): its
 * pending transfer is withdrawn, with its open offer. Runs after the conversation's row lock.
 */
export async function withdrawTransfer(trx: Db, deps: ServiceDeps, conversationId: string): Promise<Delivery[]> {
  const transfer = await pendingTransferOf(trx, conversationId);
  if (!transfer) return [];
  const now = deps.clock.now();
  const events: Delivery[] = [];
  const offers = await trx.selectFrom('offers').selectAll().where('transfer_id', '=', transfer.id).where('status', '=', 'pending').execute();
  for (const offer of offers) {
    if (await endOffer(trx, offer, 'withdrawn', now, { kind: 'any' })) {
      events.push(toAgent(offer.agent_id, 'offer:ended', { offerId: offer.id, conversationId, reason: 'withdrawn' }));
    }
  }
  return [...events, ...(await finishTransfer(trx, transfer, 'withdrawn', now, null))];
}

/** Whom the caller may hand a chat to: every other enabled agent with their state, and the teams with how many could take it now. */
export async function transferTargets(deps: ServiceDeps, agent: UserRow): Promise<Outcome<TransferTargets>> {
  const { db } = deps;
  const now = deps.clock.now();
  const users = await db
    .selectFrom('users')
    .select(['id', 'name', 'active_chats', 'pending_offers', 'max_chats', 'available', 'manual_until', 'schedule'])
    .where('disabled', '=', 0)
    .where('id', '!=', agent.id)
    .orderBy('name')
    .orderBy('id')
    .execute();
  const online = new Set((await db.selectFrom('users').select('id').where('id', 'in', deps.presence.reachableAgentIds(db)).execute()).map((r) => r.id));
  const ready = new Set((await candidatesNow(db, deps)).map((c) => c.id));
  ready.delete(agent.id);
  const teams = await listTeams(db);
  const defaultMax = await capacitySetting(db, deps.config);
  return {
    result: {
      agents: users.map((u) => ({
        id: u.id,
        name: u.name,
        online: online.has(u.id),
        available: effectiveOf(u, now).available,
        load: u.active_chats + u.pending_offers,
        capacity: capacityOf(u, defaultMax),
      })),
      teams: teams.map((t) => ({ id: t.id, name: t.name, ready: t.agentIds.filter((id) => ready.has(id)).length })),
    },
    events: [],
  };
}
