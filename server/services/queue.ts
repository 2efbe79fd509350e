/**
 * The queue: chats waiting for a free agent, served oldest first whenever the sweep runs (and soon
 * after capacity frees). Each chat is routed in its own transaction, so a crash loses nothing: the
 * entry stays stored and the next process's sweep picks it up.
 */
import { lockConversation } from '../db/conversations.ts';
import { inTransaction } from '../db/tx.ts';
import type { ServiceDeps } from './deps.ts';
import { toVisitor, type Delivery } from './outcome.ts';
import { queuePositionOf } from './queue-position.ts';
import { routeConversation } from './routing.ts';

const QUEUE_BATCH = 200;

function queued(deps: ServiceDeps) {
  return deps.db
    .selectFrom('conversations')
    .select(['id', 'visitor_id', 'queued_at', 'queue_position'])
    .where('status', '=', 'waiting')
    .where('queued_at', 'is not', null)
    .orderBy('queued_at')
    .orderBy('id')
    .limit(QUEUE_BATCH)
    .execute();
}

/** Routes every queued chat in order; those that still find no free agent stay, those past their wait are missed. */
export async function serveQueue(deps: ServiceDeps): Promise<Delivery[]> {
  const events: Delivery[] = [];
  for (const entry of await queued(deps)) {
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
