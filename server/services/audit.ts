/**
 * The audit log (SPEC R23): who changed what, when, with the values before and after. An entry is
 * written with `recordAudit` inside the transaction of the change it records, so a change and its
 * entry are committed together or not at all.
 */
import { randomBytes } from 'node:crypto';
import { AUDIT_PAGE, type AuditAction, type AuditEntryDTO, type AuditListInput, type AuditPage, type AuditTarget } from '../../protocol/admin.ts';
import type { Db } from '../db/schema.ts';
import { inTransaction } from '../db/tx.ts';
import type { Clock } from '../src/clock.ts';
import { decodePageCursor, encodePageCursor } from './page-cursor.ts';

/** The admin who acts, or null for the shell (`npm run admin`, which only reaches the database). */
export type ActorId = string | null;

export interface AuditEntry {
  actorId: ActorId;
  action: AuditAction;
  targetId: string | null;
  /** plain values; never a password or a hash */
  before: unknown;
  after: unknown;
}

function targetOf(action: AuditAction): AuditTarget {
  return action.slice(0, action.indexOf('.')) as AuditTarget;
}

let written = 0;

/**
 * Ids sort like the entries were written: the time, then a count of this process's entries (several in
 * one millisecond keep their order), then randomness so two processes never collide.
 */
function auditId(at: number): string {
  written = (written + 1) % 0x1_0000_0000;
  return `${at.toString(16).padStart(12, '0')}-${written.toString(16).padStart(8, '0')}-${randomBytes(6).toString('hex')}`;
}

const toJson = (value: unknown): string | null => (value === null || value === undefined ? null : JSON.stringify(value));

/** Who makes an admin change, and the clock its audit entry is dated by. */
export interface AdminContext {
  db: Db;
  clock: Clock;
  actorId: ActorId;
}

/** Runs an admin change and writes its audit entry in the same transaction. */
export function auditedChange<T>(ctx: AdminContext, change: (trx: Db) => Promise<{ result: T; audit: Omit<AuditEntry, 'actorId'> }>): Promise<T> {
  return inTransaction(ctx.db, async (trx) => {
    const { result, audit } = await change(trx);
    await recordAudit(trx, ctx.clock, { actorId: ctx.actorId, ...audit });
    return result;
  });
}

/** Call it with the transaction that makes the change (or through `auditedChange`). */
export async function recordAudit(trx: Db, clock: Clock, entry: AuditEntry): Promise<void> {
  const at = clock.now();
  await trx
    .insertInto('audit_log')
    .values({
      id: auditId(at),
      at,
      actor_id: entry.actorId,
      action: entry.action,
      target_type: targetOf(entry.action),
      target_id: entry.targetId,
      before: toJson(entry.before),
      after: toJson(entry.after),
    })
    .execute();
}

/** Newest first, filtered; `nextCursor` continues after the last entry of this page. */
export async function listAudit(db: Db, filter: AuditListInput): Promise<AuditPage> {
  const limit = filter.limit ?? AUDIT_PAGE.default;
  let query = db.selectFrom('audit_log').selectAll();
  if (filter.actorId !== undefined) query = query.where('actor_id', '=', filter.actorId);
  if (filter.action !== undefined) query = query.where('action', '=', filter.action);
  if (filter.targetType !== undefined) query = query.where('target_type', '=', filter.targetType);
  if (filter.targetId !== undefined) query = query.where('target_id', '=', filter.targetId);
  if (filter.from !== undefined) query = query.where('at', '>=', filter.from);
  if (filter.to !== undefined) query = query.where('at', '<', filter.to);
  if (filter.cursor) {
    const after = decodePageCursor(filter.cursor);
    query = query.where((eb) => eb.or([eb('at', '<', after.at), eb.and([eb('at', '=', after.at), eb('id', '<', after.id)])]));
  }
  const rows = await query.orderBy('at', 'desc').orderBy('id', 'desc').limit(limit + 1).execute();
  const items: AuditEntryDTO[] = rows.slice(0, limit).map((r) => ({
    id: r.id,
    at: r.at,
    actorId: r.actor_id,
    action: r.action as AuditAction,
    targetType: r.target_type as AuditTarget,
    targetId: r.target_id,
    before: r.before === null ? null : (JSON.parse(r.before) as unknown),
    after: r.after === null ? null : (JSON.parse(r.after) as unknown),
  }));
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last ? encodePageCursor({ at: last.at, id: last.id }) : null };
}
