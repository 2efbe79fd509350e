/**
 * The desk now (SPEC R24): who is online and available with their load, every chat still waiting for
 * an agent with how long it has waited, and today's missed chats. Read from the database alone — the
 * shared presence says who is online — so every server process answers the same.
 */
import { sql } from 'kysely';
import { CommandError } from '../../protocol/ack.ts';
import type { ConversationStatus, Role } from '../../protocol/dto.ts';
import { DESK_ACTIVE_LIMIT, DESK_MISSED_LIMIT, liveDeskSchema, type DeskAgent, type LiveDeskDTO, type LiveDeskInput } from '../../protocol/reports.ts';
import type { Db } from '../db/schema.ts';
import { capacityOf } from '../db/capacity.ts';
import { effectiveOf } from '../db/users.ts';
import type { ServiceDeps } from './deps.ts';
import { dateAt, startOfDate } from './local-time.ts';
import { requireAdmin } from './reports.ts';
import { capacitySetting } from './routing-settings.ts';

/** What the desk reads: the database, the clock, the shared presence and the capacity default (the environment's, unless an admin set one). */
export type DeskDeps = Pick<ServiceDeps, 'db' | 'clock' | 'presence'> & { config: Pick<ServiceDeps['config'], 'maxChatsPerAgent'> };

async function deskAgents(deps: DeskDeps, now: number): Promise<DeskAgent[]> {
  const { db, presence } = deps;
  const rows = await db
    .selectFrom('users')
    .select(['id', 'name', 'available', 'manual_until', 'schedule', 'active_chats', 'pending_offers', 'max_chats'])
    .select((eb) => [
      eb('id', 'in', presence.reachableAgentIds(db)).as('online'),
      eb('id', 'in', presence.returningAgentIds(db)).as('returning'),
    ])
    .where('disabled', '=', 0)
    .orderBy('name')
    .orderBy('id')
    .execute();
  const defaultMax = await capacitySetting(db, deps.config);
  return rows.map((r) => ({
    agentId: r.id,
    name: r.name,
    // a truth value is 1/0 on SQLite, true/false on PostgreSQL
    online: Boolean(r.online),
    returning: Boolean(r.returning),
    available: effectiveOf(r, now).available,
    activeChats: r.active_chats,
    pendingOffers: r.pending_offers,
    capacity: capacityOf(r, defaultMax),
  }));
}

/** Every chat no agent has accepted yet, longest wait first, with its open offer if one is out. */
async function waitingChats(db: Db, now: number): Promise<LiveDeskDTO['waiting']> {
  const rows = await db
    .selectFrom('conversations as c')
    .innerJoin('visitors as v', 'v.id', 'c.visitor_id')
    .leftJoin('offers as o', (join) => join.onRef('o.conversation_id', '=', 'c.id').on('o.status', '=', sql.lit('pending')))
    .leftJoin('users as u', 'u.id', 'o.agent_id')
    .select(['c.id', 'v.name as visitor_name', 'c.created_at', 'c.waiting_since', 'c.queue_position', 'c.queued_at', 'c.offers_made'])
    .select(['o.agent_id', 'u.name as agent_name', 'o.expires_at'])
    .where('c.status', '=', 'waiting')
    .orderBy((eb) => eb.fn.coalesce('c.waiting_since', 'c.created_at'))
    .orderBy('c.id')
    .execute();
  return rows.map((r) => ({
    conversationId: r.id,
    visitorName: r.visitor_name,
    requestedAt: r.created_at,
    waitingMs: now - (r.waiting_since ?? r.created_at),
    queuePosition: r.queued_at !== null ? r.queue_position : null,
    offersMade: r.offers_made,
    offer: r.agent_id !== null ? { agentId: r.agent_id, agentName: r.agent_name ?? '', expiresAt: r.expires_at! } : null,
  }));
}

/** The chats agents hold now, oldest first. */
async function activeChats(db: Db): Promise<LiveDeskDTO['active']> {
  const rows = await db
    .selectFrom('conversations as c')
    .innerJoin('visitors as v', 'v.id', 'c.visitor_id')
    .leftJoin('users as u', 'u.id', 'c.agent_id')
    .select(['c.id', 'v.name as visitor_name', 'c.agent_id', 'u.name as agent_name', 'c.created_at'])
    .where('c.status', '=', 'active')
    .orderBy('c.created_at')
    .orderBy('c.id')
    .limit(DESK_ACTIVE_LIMIT)
    .execute();
  return rows.map((r) => ({
    conversationId: r.id,
    visitorName: r.visitor_name,
    agentId: r.agent_id,
    agentName: r.agent_name,
    requestedAt: r.created_at,
  }));
}

/** Chats that ended without any agent accepting them since `since`: nobody took them, or the visitor left waiting. */
function missedSince(db: Db, since: number) {
  return db
    .selectFrom('conversations as c')
    .where('c.status', 'in', [sql.lit<ConversationStatus>('missed'), sql.lit<ConversationStatus>('ended')])
    .where('c.ended_at', '>=', since)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb.selectFrom('offers as o').select('o.id').whereRef('o.conversation_id', '=', 'c.id').where('o.status', '=', sql.lit('accepted')),
        ),
      ),
    );
}

/** The desk as it is now, for an admin; "today" is today in the given zone. */
export async function readLiveDesk(deps: DeskDeps, viewer: { role: Role }, input: LiveDeskInput): Promise<LiveDeskDTO> {
  requireAdmin(viewer);
  const parsed = liveDeskSchema.safeParse(input);
  if (!parsed.success) throw new CommandError('invalid_payload');
  const { timeZone } = parsed.data;
  const { db } = deps;
  const now = deps.clock.now();
  const today = startOfDate(dateAt(now, timeZone), timeZone);
  const [agents, waiting, active, missed, count] = await Promise.all([
    deskAgents(deps, now),
    waitingChats(db, now),
    activeChats(db),
    missedSince(db, today)
      .innerJoin('visitors as v', 'v.id', 'c.visitor_id')
      .select(['c.id', 'v.name', 'c.created_at', 'c.ended_at', 'c.status'])
      .orderBy('c.ended_at', 'desc')
      .orderBy('c.id')
      .limit(DESK_MISSED_LIMIT)
      .execute(),
    missedSince(db, today)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
  ]);
  return {
    at: now,
    timeZone,
    agents,
    waiting,
    waitingForOffer: waiting.filter((w) => w.offer === null).length,
    missedToday: missed.map((m) => ({
      conversationId: m.id,
      visitorName: m.name,
      requestedAt: m.created_at,
      endedAt: m.ended_at!,
      status: m.status as 'missed' | 'ended',
    })),
    // count() is a string on PostgreSQL
    missedTodayCount: Number(count.n),
    active,
  };
}
