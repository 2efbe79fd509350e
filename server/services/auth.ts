/**
 * Passwords (scrypt, per-user salt, timing-safe compare) and bearer tokens (32 random bytes,
 * stored only as their sha256). An agent's tokens belong to a sign-in: see agent-sessions.ts.
 */
import { createHash, randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import type { Db, TokenKind } from '../db/schema.ts';
import { findUserByEmail, findUserById, type UserRow } from '../db/users.ts';
import type { Clock } from '../src/clock.ts';

const SCRYPT = { N: 16384, r: 8, p: 1, keylen: 64 };
const DAY = 24 * 60 * 60 * 1000;
/** The fixed lifetimes; an agent's access token lives ACCESS_TOKEN_TTL_MS (a setting). */
export const TOKEN_TTL_MS = { visitor: 30 * DAY, refresh: 30 * DAY } as const;

function scrypt(password: string, salt: Buffer, keylen: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scryptCb(password, salt, keylen, options, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, SCRYPT.keylen, SCRYPT);
  return ['scrypt', SCRYPT.N, SCRYPT.r, SCRYPT.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, key] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !key) return false;
  const expected = Buffer.from(key, 'base64url');
  const actual = await scrypt(password, Buffer.from(salt, 'base64url'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
  });
  return timingSafeEqual(actual, expected);
}

/** Spent on unknown emails so a failed sign-in takes as long whether or not the account exists. */
const DUMMY_HASH = hashPassword(randomBytes(16).toString('hex'));

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

/** Checks credentials; a disabled agent gets the same answer as a wrong password. */
export async function checkCredentials(db: Db, email: string, password: string): Promise<UserRow | null> {
  const user = await findUserByEmail(db, email);
  if (!user) {
    await verifyPassword(password, await DUMMY_HASH);
    return null;
  }
  const matches = await verifyPassword(password, user.password_hash);
  return matches && user.disabled === 0 ? user : null;
}
