/**
 * The queue: chats waiting for a free agent, served oldest first whenever the sweep runs (and soon
 * after capacity frees). Each chat is routed in its own transaction, so a crash loses nothing: the
 * entry stays stored and the next process's sweep picks it up.
 */
import { capacitySql } from '../db/capacity.ts';
import { lockConversation } from '../db/conversations.ts';
import { inTransaction } from '../db/tx.ts';
import type { ServiceDeps } from './deps.ts';
import { toVisitor, type Delivery } from './outcome.ts';
import { queuePositionOf } from './queue-position.ts';
import { routeConversation, someoneReturning } from './routing.ts';
import { routingSettings } from './routing-settings.ts';
import type { RoutingSettings } from '../../protocol/routing.ts';

const QUEUE_BATCH = 200;

function queued(deps: ServiceDeps) {
  return deps.db
    .selectFrom('conversations')
    .select(['id', 'visitor_id', 'queued_at', 'queue_position', 'created_at', 'waiting_since'])
    .where('status', '=', 'waiting')
    .where('queued_at', 'is not', null)
    .orderBy('queued_at')
    .orderBy('id')
    .limit(QUEUE_BATCH)
    .execute();
}

/** Whether any reachable, enabled agent has a free slot; without one only the waits can run out. */
async function anyRoom(deps: ServiceDeps, settings: RoutingSettings): Promise<boolean> {
  const row = await deps.db
    .selectFrom('users')
    .select('id')
    .where('id', 'in', deps.presence.reachableAgentIds(deps.db))
    .where('disabled', '=', 0)
    .where((eb) => eb(eb('active_chats', '+', eb.ref('pending_offers')), '<', capacitySql(settings.maxChatsPerAgent)))
    .executeTakeFirst();
  return row !== undefined;
}

/** Whether any enabled agent is reachable or in their grace: if not, nobody will serve the queue. */
async function anyonePresent(deps: ServiceDeps, now: number): Promise<boolean> {
  const reachable = await deps.db
    .selectFrom('users')
    .select('id')
    .where('id', 'in', deps.presence.reachableAgentIds(deps.db))
    .where('disabled', '=', 0)
    .executeTakeFirst();
  return reachable !== undefined || (await someoneReturning(deps.db, deps, now));
}

/**
 * Routes every queued chat in order; those that still find no free agent stay, those past their wait
 * are missed. With nobody reachable or returning, routing gives each the fallback at once.
 */
export async function serveQueue(deps: ServiceDeps): Promise<Delivery[]> {
  const events: Delivery[] = [];
  const now = deps.clock.now();
  const entries = await queued(deps);
  if (entries.length === 0) return [];
  const settings = await routingSettings(deps.db, deps.config);
  const route = (await anyRoom(deps, settings)) || !(await anyonePresent(deps, now));
  // with every present agent full, routing would only queue them again: just end the waits that ran out
  const due = (entry: { queued_at: number | null; created_at: number; waiting_since: number | null }) =>
    route || now - entry.queued_at! >= settings.queueMaxWaitMs || now - (entry.waiting_since ?? entry.created_at) >= settings.maxWaitMs;
  for (const entry of entries.filter(due)) {
    events.push(
      ...(await inTransaction(deps.db, async (trx) => {
        await lockConversation(trx, entry.id);
        return routeConversation(trx, deps, entry.id);
      })),
    );
  }
  return [...events, ...(await announcePositions(deps))];
}

/** Tells each visitor still queued their new place, when it changed. */
async function announcePositions(deps: ServiceDeps): Promise<Delivery[]> {
  const events: Delivery[] = [];
  for (const entry of await queued(deps)) {
    const position = await queuePositionOf(deps.db, entry.id, entry.queued_at!);
    if (position === entry.queue_position) continue;
    const changed = await deps.db
      .updateTable('conversations')
      .set({ queue_position: position })
      .where('id', '=', entry.id)
      .where('status', '=', 'waiting')
      .executeTakeFirst();
    if (changed.numUpdatedRows === 1n) events.push(toVisitor(entry.visitor_id, 'queue:updated', { conversationId: entry.id, position }));
  }
  return events;
}
