/**
 * Where the visitor widget may run (SPEC R15, R23): the server's SITE_ORIGINS, fixed at start, and the
 * sites admins add in the console, stored in `site_origins`. This module owns the question: the visitor
 * session API, the visitor socket's handshake and socket.io's CORS answer all ask `allows`.
 *
 * An added site is read from the database at every check, never kept in a process: one added or removed
 * on one process holds on every process at the next visitor's request. The server's own list is looked
 * at first, so the usual visitor costs no read; a read is one small table.
 */
import { MAX_ADDED_SITE_ORIGINS, type SiteOriginsDTO } from '../../protocol/admin.ts';
import type { Db } from '../db/schema.ts';
import { originAllowed } from '../src/origins.ts';
import { AdminError } from './agents.ts';
import { auditedChange, type AdminContext } from './audit.ts';

/** Whether a page at `origin` (as the browser sent it; undefined: none) may use the widget. */
export type OriginCheck = (origin: string | undefined) => Promise<boolean>;

export interface SiteOrigins {
  allows: OriginCheck;
}

async function addedPatterns(db: Db): Promise<string[]> {
  const rows = await db.selectFrom('site_origins').select('pattern').execute();
  return rows.map((r) => r.pattern);
}

/** `fromServer`: SITE_ORIGINS. */
export function siteOrigins(db: Db, fromServer: readonly string[]): SiteOrigins {
  return {
    async allows(origin) {
      if (!origin) return false;
      if (originAllowed(fromServer, origin)) return true;
      return originAllowed(await addedPatterns(db), origin);
    },
  };
}

export async function listSiteOrigins(db: Db, fromServer: readonly string[]): Promise<SiteOriginsDTO> {
  const rows = await db.selectFrom('site_origins').select(['pattern', 'added_at']).orderBy('pattern').execute();
  return { fromServer: [...fromServer], added: rows.map((r) => ({ pattern: r.pattern, addedAt: Number(r.added_at) })) };
}

/**
 * Adds a site, audited. `pattern` arrives checked by protocol/admin.ts siteOriginSchema (trimmed, lower
 * case). Refused with `conflict`: an entry already on either list, or a full list.
 */
export async function addSiteOrigin(ctx: AdminContext, fromServer: readonly string[], pattern: string): Promise<SiteOriginsDTO> {
  await auditedChange(ctx, async (trx) => {
    if (fromServer.includes(pattern)) throw new AdminError(`${pattern} is in the server's SITE_ORIGINS already`, 'conflict');
    const present = await addedPatterns(trx);
    if (present.includes(pattern)) throw new AdminError(`${pattern} is added already`, 'conflict');
    if (present.length >= MAX_ADDED_SITE_ORIGINS) throw new AdminError(`at most ${MAX_ADDED_SITE_ORIGINS} sites can be added`, 'conflict');
    await trx.insertInto('site_origins').values({ pattern, added_at: ctx.clock.now() }).execute();
    return { result: undefined, audit: { action: 'origin.add', targetId: pattern, before: null, after: { pattern } } };
  });
  return listSiteOrigins(ctx.db, fromServer);
}

/** Removes a site an admin added, audited; `not_found` for one that is not (SITE_ORIGINS' are changed on the server). */
export async function removeSiteOrigin(ctx: AdminContext, fromServer: readonly string[], pattern: string): Promise<SiteOriginsDTO> {
  await auditedChange(ctx, async (trx) => {
    const removed = await trx.deleteFrom('site_origins').where('pattern', '=', pattern).executeTakeFirst();
    if (removed.numDeletedRows !== 1n) {
      const why = fromServer.includes(pattern) ? `${pattern} is set by the server's SITE_ORIGINS` : `${pattern} is not an added site`;
      throw new AdminError(why);
    }
    return { result: undefined, audit: { action: 'origin.remove', targetId: pattern, before: { pattern }, after: null } };
  });
  return listSiteOrigins(ctx.db, fromServer);
}
