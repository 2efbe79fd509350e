/**
 * One routing step for a waiting conversation: offer it to the best eligible agent, or queue it when
 * every available agent is full, or end the chain (missed, fallback message) when nobody can take it
 * or its offers or waiting time ran out.
 */
import { randomUUID } from 'node:crypto';
import { PostgresAdapter } from 'kysely';
import { capacityOf, claimOfferSlot } from '../db/capacity.ts';
import { closeConversation } from '../db/chat-facts.ts';
import { findConversation, getConversationDTO, toVisitorConversationDTO, type ConversationRow } from '../db/conversations.ts';
import { appendSystemMessage, toMessageDTO } from '../db/messages.ts';
import { insertOffer, offerContextsOf, toOfferDTO } from '../db/offers.ts';
import { accountOwnerOf, listRules, listTeams, strategyOf } from '../db/routing-config.ts';
import type { Db } from '../db/schema.ts';
import { effectiveOf } from '../db/users.ts';
import type { RoutingSettings } from '../../protocol/routing.ts';
import type { ServiceDeps } from './deps.ts';
import { offerFallbackCalendar } from './meetings.ts';
import { announceMessage, toAgent, toVisitor, type Delivery } from './outcome.ts';
import { queuePositionOf } from './queue-position.ts';
import { capacitySetting, routingSettings } from './routing-settings.ts';
import { emailDomain, orderCandidates, type Candidate, type RoutingContext } from './strategies.ts';

/** Takes the agent's row lock unless another transaction holds it (always true on SQLite, which has one writer). */
async function lockUnlessBusy(trx: Db, agentId: string): Promise<boolean> {
  if (!(trx.getExecutor().adapter instanceof PostgresAdapter)) return true;
  const row = await trx.selectFrom('users').select('id').where('id', '=', agentId).forUpdate().skipLocked().executeTakeFirst();
  return row !== undefined;
}

const availabilityColumns = ['id', 'active_chats', 'pending_offers', 'max_chats', 'last_offered_at', 'available', 'manual_until', 'schedule'] as const;

/** Whose earlier offers leave an agent out: of this conversation, of this transfer, or nobody's (a chat not yet started). */
type OfferedBefore = { conversationId: string } | { transferId: string } | null;

/** Reachable (presence), enabled, effectively available agents not yet offered the chat, with their load. */
async function availableAgents(trx: Db, deps: Pick<ServiceDeps, 'presence'>, offeredBefore: OfferedBefore, now: number) {
  let query = trx
    .selectFrom('users')
    .select(availabilityColumns)
    .where('id', 'in', deps.presence.reachableAgentIds(trx))
    .where('disabled', '=', 0);
  if (offeredBefore !== null) {
    query = query.where('id', 'not in', (eb) => {
      const offered = eb.selectFrom('offers').select('agent_id').where('status', '!=', 'lapsed');
      return 'transferId' in offeredBefore
        ? offered.where('transfer_id', '=', offeredBefore.transferId)
        : // a transfer's offers do not count: declining a hand-over is not passing on the visitor's wait
          offered.where('conversation_id', '=', offeredBefore.conversationId).where('transfer_id', 'is', null);
    });
  }
  return (await query.execute()).filter((r) => effectiveOf(r, now).available);
}

/** Of the available agents, those with a free slot (below their own capacity, else `defaultMax`), as routing candidates. */
function withRoom(available: Awaited<ReturnType<typeof availableAgents>>, defaultMax: number): Candidate[] {
  return available
    .filter((a) => a.active_chats + a.pending_offers < capacityOf(a, defaultMax))
    .map((a) => ({ id: a.id, load: a.active_chats + a.pending_offers, lastOfferedAt: a.last_offered_at }));
}

/** Who could be offered a new chat right now: reachable, enabled, available, with room. Reads only. */
export async function candidatesNow(trx: Db, deps: Pick<ServiceDeps, 'presence' | 'config' | 'clock'>): Promise<Candidate[]> {
  return withRoom(await availableAgents(trx, deps, null, deps.clock.now()), await capacitySetting(trx, deps.config));
}

/** An enabled agent who would be available but whose connection dropped less than the grace ago. */
export async function someoneReturning(trx: Db, deps: ServiceDeps, now: number): Promise<boolean> {
  const rows = await trx
    .selectFrom('users')
    .select(availabilityColumns)
    .where('id', 'in', deps.presence.returningAgentIds(trx))
    .where('disabled', '=', 0)
    .execute();
  return rows.some((r) => effectiveOf(r, now).available);
}

/** What routing decides by, for a visitor's attributes on a site; `lastAgent`: the agent they last chatted with. */
export async function routingContextFor(
  trx: Db,
  siteKey: string | null,
  visitor: RoutingContext['visitor'],
  lastAgent: string | null,
): Promise<RoutingContext> {
  const teams = await listTeams(trx);
  const domain = visitor.emailDomain ?? null;
  return {
    strategy: await strategyOf(trx, siteKey),
    rules: await listRules(trx),
    teams: new Map(teams.map((t) => [t.id, t.agentIds])),
    visitor,
    accountOwner: domain ? await accountOwnerOf(trx, domain) : null,
    lastAgent,
  };
}

export async function routingContext(trx: Db, conversation: ConversationRow): Promise<RoutingContext> {
  const visitor = await trx.selectFrom('visitors').selectAll().where('id', '=', conversation.visitor_id).executeTakeFirstOrThrow();
  const domain = emailDomain(visitor.email);
  const last = await trx
    .selectFrom('conversations as c')
    .innerJoin('visitors as v', 'v.id', 'c.visitor_id')
    .select('c.agent_id')
    .where('c.agent_id', 'is not', null)
    .where('c.id', '!=', conversation.id)
    .where((eb) =>
      visitor.email ? eb.or([eb('c.visitor_id', '=', visitor.id), eb('v.email', '=', visitor.email)]) : eb('c.visitor_id', '=', visitor.id),
    )
    .orderBy('c.created_at', 'desc')
    .executeTakeFirst();
  return routingContextFor(
    trx,
    conversation.site_key,
    {
      name: visitor.name,
      email: visitor.email,
      emailDomain: domain,
      jobTitle: visitor.job_title,
      crmStatus: visitor.crm_status,
      pageUrl: conversation.page_url,
    },
    last?.agent_id ?? null,
  );
}

/**
 * Routes a waiting conversation that has no open offer. Must run inside the transaction that made it
 * routable, after locking the conversation.
 */
export async function routeConversation(trx: Db, deps: ServiceDeps, conversationId: string): Promise<Delivery[]> {
  const conversation = await findConversation(trx, conversationId);
  if (conversation?.status !== 'waiting') return [];
  const open = await trx
    .selectFrom('offers')
    .select('id')
    .where('conversation_id', '=', conversationId)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  if (open) return [];
  const now = deps.clock.now();
  const settings = await routingSettings(trx, deps.config);
  const queuedTooLong = conversation.queued_at !== null && now - conversation.queued_at >= settings.queueMaxWaitMs;
  const waitingSince = conversation.waiting_since ?? conversation.created_at;
  if (conversation.offers_made >= settings.maxOffers || now - waitingSince >= settings.maxWaitMs || queuedTooLong) {
    return markMissed(trx, deps, conversationId, settings, now);
  }

  const max = settings.maxChatsPerAgent;
  const available = await availableAgents(trx, deps, { conversationId }, now);
  if (available.length === 0) {
    // after a restart or a dropped connection, agents come back within the grace: hold the chat for them
    return (await someoneReturning(trx, deps, now)) ? enqueue(trx, conversation, now) : markMissed(trx, deps, conversationId, settings, now);
  }
  const candidates = withRoom(available, max);
  const ordered = candidates.length > 0 ? orderCandidates(candidates, await routingContext(trx, conversation)) : [];

  const agentId = await claimFirstWithRoom(trx, ordered, max, now);
  return agentId ? offer(trx, conversation, agentId, now, settings.offerTimeoutMs) : enqueue(trx, conversation, now);
}

/** Claims an offer slot of the first agent, in order, who still has room on their row; null: nobody. */
async function claimFirstWithRoom(trx: Db, ordered: readonly Candidate[], defaultMax: number, now: number): Promise<string | null> {
  // first pass: skip agents another router holds right now (PostgreSQL), so concurrent chats spread over
  // the agents instead of queueing behind one row lock; second pass: wait for them
  for (const wait of [false, true]) {
    for (const { id: agentId } of ordered) {
      if (!wait && !(await lockUnlessBusy(trx, agentId))) continue;
      // re-checked on the row itself: on PostgreSQL a concurrent router may have taken the last slot
      if (await claimOfferSlot(trx, agentId, defaultMax, now)) return agentId;
    }
  }
  return null;
}

/**
 * Routing inside a team for a transferred chat: of the team's members who are reachable, enabled,
 * available, with room, not `sender` and not yet offered this transfer, claims an offer slot of the
 * one the team strategy puts first (account owner and last agent first, as for any chat). Null: nobody.
 */
export async function claimTeamAgent(
  trx: Db,
  deps: ServiceDeps,
  conversation: ConversationRow,
  transfer: { id: string; teamId: string; sender: string },
): Promise<string | null> {
  const now = deps.clock.now();
  const max = await capacitySetting(trx, deps.config);
  const members = await trx.selectFrom('team_members').select('agent_id').where('team_id', '=', transfer.teamId).execute();
  const inTeam = new Set(members.map((m) => m.agent_id));
  inTeam.delete(transfer.sender);
  const available = (await availableAgents(trx, deps, { transferId: transfer.id }, now)).filter((a) => inTeam.has(a.id));
  const candidates = withRoom(available, max);
  if (candidates.length === 0) return null;
  const context: RoutingContext = { ...(await routingContext(trx, conversation)), strategy: { kind: 'team', teamId: transfer.teamId } };
  return claimFirstWithRoom(trx, orderCandidates(candidates, context), max, now);
}

/** `timeoutMs`: the offer timeout in force; its deadline is stored, so every process's sweep ends it then. */
async function offer(trx: Db, conversation: ConversationRow, agentId: string, now: number, timeoutMs: number): Promise<Delivery[]> {
  const row = await insertOffer(trx, conversation, { id: randomUUID(), agent_id: agentId, status: 'pending', created_at: now, expires_at: now + timeoutMs });
  await trx
    .updateTable('conversations')
    .set((eb) => ({ offers_made: eb('offers_made', '+', 1), queued_at: null, queue_position: null }))
    .where('id', '=', conversation.id)
    .execute();
  const context = (await offerContextsOf(trx, [conversation.id])).get(conversation.id);
  const dto = toOfferDTO(row, await getConversationDTO(trx, conversation.id), context);
  const events = [toAgent(agentId, 'offer:created', dto)];
  // position 0: the chat left the queue and is being offered
  if (conversation.queued_at !== null) {
    events.push(toVisitor(conversation.visitor_id, 'queue:updated', { conversationId: conversation.id, position: 0 }));
  }
  return events;
}

/** Every available agent is full: the chat waits its turn, and the visitor learns their place. */
async function enqueue(trx: Db, conversation: ConversationRow, now: number): Promise<Delivery[]> {
  const queuedAt = conversation.queued_at ?? now;
  const position = await queuePositionOf(trx, conversation.id, queuedAt);
  await trx.updateTable('conversations').set({ queued_at: queuedAt, queue_position: position }).where('id', '=', conversation.id).execute();
  if (position === conversation.queue_position) return [];
  return [toVisitor(conversation.visitor_id, 'queue:updated', { conversationId: conversation.id, position })];
}

/** Ends the chain: the visitor gets the fallback message in their widget's language and, when the setting is on, a calendar to book a meeting. */
async function markMissed(trx: Db, deps: ServiceDeps, conversationId: string, settings: RoutingSettings, now: number): Promise<Delivery[]> {
  const missed = await closeConversation(trx, conversationId, { status: 'missed', now, endedBy: 'system', from: ['waiting'] });
  if (!missed) return [];
  const message = await appendSystemMessage(trx, conversationId, settings.fallbackMessages[missed.locale ?? 'en'], now);
  const booking = settings.fallbackBooking ? await offerFallbackCalendar(trx, deps, conversationId) : [];
  const conversation = toVisitorConversationDTO(await getConversationDTO(trx, conversationId));
  return [
    toVisitor(missed.visitor_id, 'conversation:updated', conversation),
    ...(message ? announceMessage(missed, toMessageDTO(message)) : []),
    ...booking,
  ];
}
