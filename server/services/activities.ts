/**
 * Activity history (SPEC R11, R15): page visits from the widget, chats started and ended, meetings
 * booked and cancelled (chats themselves are read from the conversations, see inbox.ts's
 * visitorHistory). A verified visitor's history is their contact's, so the same person in
 * another browser sees one history. Agents see the last HISTORY_DAYS days; older rows are deleted
 * by the retention job after ACTIVITY_RETENTION_DAYS.
 */
import { HISTORY_DAYS, type ActivityDTO } from '../../protocol/inbox.ts';
import type { ActivityPageInput } from '../../protocol/meetings.ts';
import { activitiesOf, deleteActivitiesBefore, insertActivity, toActivityDTO } from '../db/activities.ts';
import type { Db } from '../db/schema.ts';
import type { Clock } from '../src/clock.ts';
import type { ServiceDeps } from './deps.ts';
import type { Delivery, Outcome } from './outcome.ts';

const DAY_MS = 86_400_000;
/** The most activities one history answer carries. */
const HISTORY_LIMIT = 500;
/** Retention deletes in the sweep, but at most this often: old rows are not urgent. */
const RETENTION_EVERY_MS = 60 * 60_000;

export async function recordPageVisit(deps: ServiceDeps, visitorId: string, input: ActivityPageInput): Promise<Outcome<null>> {
  await insertActivity(deps.db, { visitorId, type: 'page_visit', at: deps.clock.now(), url: input.url, title: input.title || null });
  return { result: null, events: [] };
}

/**
 * The last HISTORY_DAYS days of a visitor's activity, newest first; undefined for an unknown visitor.
 * Callers authorise the reader (see visitor:history).
 */
export async function listActivities(db: Db, query: { visitorId: string }, now: number): Promise<ActivityDTO[] | undefined> {
  const visitor = await db.selectFrom('visitors').select(['id', 'contact_id']).where('id', '=', query.visitorId).executeTakeFirst();
  if (!visitor) return undefined;
  const rows = await activitiesOf(db, { id: visitor.id, contactId: visitor.contact_id }, now - HISTORY_DAYS * DAY_MS, HISTORY_LIMIT);
  return rows.map(toActivityDTO);
}

/** Deletes activities older than the retention period; answers how many went. */
export function pruneActivities(db: Db, now: number, retentionDays: number): Promise<number> {
  return deleteActivitiesBefore(db, now - retentionDays * DAY_MS);
}

/**
 * A sweep phase: prunes on its first run and then at most hourly. Wire it into app.ts's sweep as
 * `['activity retention', activityRetention(services)]`.
 */
export function activityRetention(deps: { db: Db; clock: Clock; config: Pick<ServiceDeps['config'], 'activityRetentionDays'> }) {
  let last = Number.NEGATIVE_INFINITY;
  return async (): Promise<Delivery[]> => {
    const now = deps.clock.now();
    if (now - last < RETENTION_EVERY_MS) return [];
    last = now;
    await pruneActivities(deps.db, now, deps.config.activityRetentionDays);
    return [];
  };
}
