/**
 * Agent sign-ins. Each sign-in is a chain: an `agent_sessions` row, the short-lived access tokens it
 * was given and its refresh tokens. A refresh token is exchanged once: it is retired (kept, marked)
 * and a new pair is issued. A retired token presented again means two parties hold the chain (one of
 * them stole it), so the whole chain is revoked. Sockets authorise against the chain, not against the
 * access token they opened with: an open socket outlives its access token, never its sign-in.
 */
import { randomUUID } from 'node:crypto';
import type { TokenPair } from '../../protocol/dto.ts';
import { precompiled } from '../db/precompiled.ts';
import type { Db } from '../db/schema.ts';
import { inTransaction } from '../db/tx.ts';
import type { UserRow } from '../db/users.ts';
import type { Clock } from '../src/clock.ts';
import { batchedByTurn, type TurnBatchOptions } from '../src/turn-batch.ts';
import { hashToken, plausibleToken, storeNewToken, TOKEN_TTL_MS } from './auth.ts';

async function issuePair(db: Db, agentId: string, sessionId: string, now: number, accessTtlMs: number): Promise<TokenPair> {
  const accessToken = await storeNewToken(db, { kind: 'agent', subjectId: agentId, sessionId, createdAt: now, expiresAt: now + accessTtlMs });
  const refreshToken = await storeNewToken(db, {
    kind: 'refresh',
    subjectId: agentId,
    sessionId,
    createdAt: now,
    expiresAt: now + TOKEN_TTL_MS.refresh,
  });
  return { accessToken, accessTokenExpiresInMs: accessTtlMs, refreshToken };
}

export function startAgentSession(db: Db, clock: Clock, agentId: string, accessTtlMs: number): Promise<TokenPair> {
  const now = clock.now();
  const id = randomUUID();
  return inTransaction(db, async (trx) => {
    await trx.insertInto('agent_sessions').values({ id, agent_id: agentId, created_at: now, expires_at: now + TOKEN_TTL_MS.refresh }).execute();
    return issuePair(trx, agentId, id, now, accessTtlMs);
  });
}

export type RefreshOutcome =
  | { kind: 'rotated'; pair: TokenPair }
  /** unknown or expired, its sign-in ended, or its agent disabled */
  | { kind: 'refused' }
  /** a retired refresh token came back: its sign-in is revoked; the caller closes its sockets */
  | { kind: 'reused'; sessionId: string; agentId: string };

/** Ends a sign-in: every token issued from it, and the chain itself. */
export async function revokeAgentSession(db: Db, sessionId: string): Promise<void> {
  await db.deleteFrom('tokens').where('session_id', '=', sessionId).execute();
  await db.deleteFrom('agent_sessions').where('id', '=', sessionId).execute();
}

/** Ends every sign-in of an agent (the agent was disabled). */
export async function revokeAgentSessionsOf(db: Db, agentId: string): Promise<void> {
  await db.deleteFrom('tokens').where('subject_id', '=', agentId).where('kind', 'in', ['agent', 'refresh']).execute();
  await db.deleteFrom('agent_sessions').where('agent_id', '=', agentId).execute();
}

export async function rotateRefreshToken(db: Db, clock: Clock, refreshToken: string, accessTtlMs: number): Promise<RefreshOutcome> {
  if (!plausibleToken(refreshToken)) return { kind: 'refused' };
  const hash = hashToken(refreshToken);
  const now = clock.now();
  return inTransaction(db, async (trx): Promise<RefreshOutcome> => {
    const row = await trx
      .selectFrom('tokens')
      .select(['subject_id', 'session_id', 'expires_at', 'retired_at'])
      .where('token_hash', '=', hash)
      .where('kind', '=', 'refresh')
      .executeTakeFirst();
    if (!row?.session_id || row.expires_at <= now) return { kind: 'refused' };
    const reused = async (sessionId: string): Promise<RefreshOutcome> => {
      await revokeAgentSession(trx, sessionId);
      return { kind: 'reused', sessionId, agentId: row.subject_id };
    };
    if (row.retired_at !== null) return reused(row.session_id);
    if (!(await agentOfSession(trx, clock, row.session_id))) return { kind: 'refused' };
    // of two exchanges of the same token at once, the second finds it retired: that too is a reuse
    const retired = await trx
      .updateTable('tokens')
      .set({ retired_at: now })
      .where('token_hash', '=', hash)
      .where('retired_at', 'is', null)
      .executeTakeFirst();
    if (Number(retired.numUpdatedRows) !== 1) return reused(row.session_id);
    await trx.updateTable('agent_sessions').set({ expires_at: now + TOKEN_TTL_MS.refresh }).where('id', '=', row.session_id).execute();
    return { kind: 'rotated', pair: await issuePair(trx, row.subject_id, row.session_id, now, accessTtlMs) };
  });
}

/** The sign-in an access or refresh token belongs to, expired or not: sign-out may name it by either. */
export async function sessionOfToken(db: Db, token: string): Promise<string | null> {
  if (!plausibleToken(token)) return null;
  const row = await db
    .selectFrom('tokens')
    .select('session_id')
    .where('token_hash', '=', hashToken(token))
    .where('kind', 'in', ['agent', 'refresh'])
    .executeTakeFirst();
  return row?.session_id ?? null;
}

/** The enabled agent of a live sign-in, else null. Every command of an agent socket checks this. */
export async function agentOfSession(db: Db, clock: Clock, sessionId: string): Promise<UserRow | null> {
  // the batched checks' statement in its shape for one sign-in (below)
  const [row] = await sessionAgentsQuery(db)(db, { sessionIds: [sessionId], now: clock.now() });
  if (!row) return null;
  const { session_id: _, ...user } = row;
  return user;
}

/** How many sign-ins one batched check reads: its statement's shapes are these sizes, the ids padded up. */
const CHECK_SIZES = [1, 4, 16, 64] as const;

type SessionAgentsQuery = (db: Db, values: { sessionIds: readonly string[]; now: number }) => Promise<Array<UserRow & { session_id: string }>>;
const sessionAgentsQueries = new WeakMap<Db, SessionAgentsQuery>();

function sessionAgentsQuery(db: Db): SessionAgentsQuery {
  let query = sessionAgentsQueries.get(db);
  if (!query) {
    query = precompiled(db, (v: { sessionIds: readonly string[]; now: number }) => `${v.sessionIds.length}`, (root, v) =>
      root
        .selectFrom('agent_sessions as s')
        .innerJoin('users as u', 'u.id', 's.agent_id')
        .selectAll('u')
        .select('s.id as session_id')
        .where('s.id', 'in', v.sessionIds)
        .where('s.expires_at', '>', v.now)
        .where('u.disabled', '=', 0),
    );
    sessionAgentsQueries.set(db, query);
  }
  return query;
}

/**
 * `agentOfSession` for every agent socket of a process, the checks asked for in one turn of the event
 * loop read by one statement (src/turn-batch.ts): each agent command re-checks its sign-in, and under
 * load those checks were a statement, and on PostgreSQL a round trip, for every agent message. Each
 * answer still reads the database after its command arrived, so a sign-out or a disabled agent stops
 * the next command at once, as before.
 */
export function createSignInChecks(
  db: Db,
  clock: Clock,
  options: Pick<TurnBatchOptions, 'schedule'> = {},
): (sessionId: string) => Promise<UserRow | null> {
  const maxKeys = CHECK_SIZES.at(-1)!;
  const check = batchedByTurn<string, UserRow>(
    async (sessionIds) => {
      // padded with repeats of the first id, so the statement has one of a few shapes
      const size = CHECK_SIZES.find((n) => n >= sessionIds.length)!;
      const padded = [...sessionIds, ...Array<string>(size - sessionIds.length).fill(sessionIds[0]!)];
      const rows = await sessionAgentsQuery(db)(db, { sessionIds: padded, now: clock.now() });
      return new Map(rows.map(({ session_id, ...user }) => [session_id, user]));
    },
    { ...options, maxKeys },
  );
  return async (sessionId) => (await check(sessionId)) ?? null;
}

/** A new socket: it needs a valid, unexpired access token of a live sign-in. */
export async function agentOfAccessToken(db: Db, clock: Clock, token: unknown): Promise<{ agent: UserRow; sessionId: string } | null> {
  if (!plausibleToken(token)) return null;
  const row = await db
    .selectFrom('tokens')
    .select('session_id')
    .where('token_hash', '=', hashToken(token))
    .where('kind', '=', 'agent')
    .where('expires_at', '>', clock.now())
    .executeTakeFirst();
  const agent = row?.session_id ? await agentOfSession(db, clock, row.session_id) : null;
  return agent && row?.session_id ? { agent, sessionId: row.session_id } : null;
}
