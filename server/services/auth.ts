/**
 * Credentials (passwords: see passwords.ts) and bearer tokens (32 random bytes, stored only as their
 * sha256). An agent's tokens belong to a sign-in: see agent-sessions.ts.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Db, TokenKind } from '../db/schema.ts';
import { findUserByEmail, findUserById, type UserRow } from '../db/users.ts';
import type { Clock } from '../src/clock.ts';
import { dummyHash, hashPassword, needsRehash, verifyPassword } from './passwords.ts';

const DAY = 24 * 60 * 60 * 1000;
/** The fixed lifetimes; an agent's access token lives ACCESS_TOKEN_TTL_MS (a setting). */
export const TOKEN_TTL_MS = { visitor: 30 * DAY, refresh: 30 * DAY } as const;

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

export interface StoredToken {
  kind: TokenKind;
  subjectId: string;
  sessionId: string | null;
  createdAt: number;
  expiresAt: number;
}

/** A new random token, stored only as its hash. */
export async function storeNewToken(db: Db, row: StoredToken): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await db
    .insertInto('tokens')
    .values({
      token_hash: hashToken(token),
      kind: row.kind,
      subject_id: row.subjectId,
      session_id: row.sessionId,
      created_at: row.createdAt,
      expires_at: row.expiresAt,
    })
    .execute();
  return token;
}

export function issueVisitorToken(db: Db, clock: Clock, visitorId: string): Promise<string> {
  const now = clock.now();
  return storeNewToken(db, { kind: 'visitor', subjectId: visitorId, sessionId: null, createdAt: now, expiresAt: now + TOKEN_TTL_MS.visitor });
}

/** A token string worth looking up: anything else is refused without a query. */
export function plausibleToken(token: unknown): token is string {
  return typeof token === 'string' && token.length > 0 && token.length <= 200;
}

/** The subject id of a valid, unexpired token of this kind, else null. */
export async function verifyToken(db: Db, clock: Clock, kind: TokenKind, token: unknown): Promise<string | null> {
  if (!plausibleToken(token)) return null;
  const row = await db
    .selectFrom('tokens')
    .select('subject_id')
    .where('token_hash', '=', hashToken(token))
    .where('kind', '=', kind)
    .where('expires_at', '>', clock.now())
    .executeTakeFirst();
  return row?.subject_id ?? null;
}

/** The enabled agent behind a valid, unexpired access token, else null (the admin API's check). */
export async function agentFromToken(db: Db, clock: Clock, token: unknown): Promise<UserRow | null> {
  const userId = await verifyToken(db, clock, 'agent', token);
  const user = userId ? await findUserById(db, userId) : undefined;
  return user && user.disabled === 0 ? user : null;
}

/**
 * Checks credentials; a disabled agent gets the same answer as a wrong password. A right password
 * whose hash was made at a lower cost than `passwordCost` is hashed again at that cost, the one moment
 * the password is known.
 */
export async function checkCredentials(db: Db, email: string, password: string, passwordCost: number): Promise<UserRow | null> {
  const user = await findUserByEmail(db, email);
  if (!user) {
    await verifyPassword(password, await dummyHash(passwordCost));
    return null;
  }
  if (!(await verifyPassword(password, user.password_hash)) || user.disabled !== 0) return null;
  if (needsRehash(user.password_hash, passwordCost)) {
    const upgraded = await hashPassword(password, passwordCost);
    await db
      .updateTable('users')
      .set({ password_hash: upgraded })
      .where('id', '=', user.id)
      // unless the password changed meanwhile
      .where('password_hash', '=', user.password_hash)
      .execute();
    return { ...user, password_hash: upgraded };
  }
  return user;
}
