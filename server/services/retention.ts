/**
 * What the service keeps no longer than it needs: expired sign-in and visitor tokens, expired agent
 * sign-ins, ended and missed chats older than CHAT_RETENTION_DAYS (with their messages, offers,
 * calendar shares, chat activities and report facts; a booked meeting stays, without its chat), and visitors who
 * never did anything (a session opened by a page load, no chat, no activity, no meeting) once their
 * token has expired too. A sweep phase, run on the first sweep and
 * then at most hourly; deleting is idempotent, so several processes running it at once do no harm.
 */
import type { Db } from '../db/schema.ts';
import { inTransaction } from '../db/tx.ts';
import type { Clock } from '../src/clock.ts';
import type { Delivery } from './outcome.ts';

const EVERY_MS = 60 * 60_000;
const BATCH = 500;
const MAX_CHAT_BATCHES = 20;

export async function purgeExpiredTokens(db: Db, now: number): Promise<number> {
  const result = await db.deleteFrom('tokens').where('expires_at', '<=', now).executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function purgeExpiredAgentSessions(db: Db, now: number): Promise<number> {
  const result = await db.deleteFrom('agent_sessions').where('expires_at', '<=', now).executeTakeFirst();
  return Number(result.numDeletedRows);
}

const DAY_MS = 24 * 60 * 60_000;

/** Chats that ended more than `days` ago, with everything that hangs off them; at most one batch per call. */
export async function purgeOldChats(db: Db, now: number, days: number): Promise<number> {
  const old = await db
    .selectFrom('conversations')
    .select('id')
    .where('status', 'in', ['ended', 'missed'])
    .where('ended_at', '<', now - days * DAY_MS)
    .limit(BATCH)
    .execute();
  if (old.length === 0) return 0;
  const ids = old.map((c) => c.id);
  return inTransaction(db, async (trx) => {
    await trx.deleteFrom('messages').where('conversation_id', 'in', ids).execute();
    await trx.deleteFrom('offers').where('conversation_id', 'in', ids).execute();
    await trx.deleteFrom('transfers').where('conversation_id', 'in', ids).execute();
    await trx.deleteFrom('calendar_shares').where('conversation_id', 'in', ids).execute();
    await trx.deleteFrom('activities').where('conversation_id', 'in', ids).execute();
    await trx.deleteFrom('conversation_tags').where('conversation_id', 'in', ids).execute();
    await trx.deleteFrom('ratings').where('conversation_id', 'in', ids).execute();
    await trx.deleteFrom('chat_facts').where('conversation_id', 'in', ids).execute();
    await trx.updateTable('meetings').set({ conversation_id: null }).where('conversation_id', 'in', ids).execute();
    const result = await trx.deleteFrom('conversations').where('id', 'in', ids).executeTakeFirst();
    return Number(result.numDeletedRows);
  });
}

/** A visitor this young may be a session being created (its token is written just after it): never purged. */
const YOUNGEST_PURGED_MS = 24 * 60 * 60_000;

/** Visitors with nothing attached and no live token; at most one batch per call. */
export async function purgeIdleVisitors(db: Db, now: number): Promise<number> {
  const idle = db
    .selectFrom('visitors as v')
    .select('v.id')
    .where('v.created_at', '<', now - YOUNGEST_PURGED_MS)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('conversations').select('id').whereRef('conversations.visitor_id', '=', 'v.id')
            .union(selectFrom('activities').select('id').whereRef('activities.visitor_id', '=', 'v.id'))
            .union(selectFrom('meetings').select('id').whereRef('meetings.visitor_id', '=', 'v.id'))
            .union(selectFrom('tokens').select('token_hash as id').where('kind', '=', 'visitor').whereRef('tokens.subject_id', '=', 'v.id')),
        ),
      ),
    )
    .limit(BATCH);
  const result = await db.deleteFrom('visitors').where('id', 'in', idle).executeTakeFirst();
  return Number(result.numDeletedRows);
}

export function dataRetention(deps: { db: Db; clock: Clock; config: { chatRetentionDays: number } }): () => Promise<Delivery[]> {
  let last = Number.NEGATIVE_INFINITY;
  return async () => {
    const now = deps.clock.now();
    if (now - last < EVERY_MS) return [];
    last = now;
    await purgeExpiredTokens(deps.db, now);
    await purgeExpiredAgentSessions(deps.db, now);
    // a bounded number of batches per run keeps one sweep short; the rest goes next hour
    for (let i = 0; i < MAX_CHAT_BATCHES && (await purgeOldChats(deps.db, now, deps.config.chatRetentionDays)) === BATCH; i++);
    await purgeIdleVisitors(deps.db, now);
    return [];
  };
}
