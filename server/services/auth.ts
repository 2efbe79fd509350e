/**
 * Passwords (scrypt, per-user salt, timing-safe compare) and bearer tokens (32 random bytes,
 * stored only as their sha256).
 */
import { createHash, randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import type { Db, TokenKind } from '../db/schema.ts';
import { findUserByEmail, findUserById, type UserRow } from '../db/users.ts';
import type { Clock } from '../src/clock.ts';

const SCRYPT = { N: 16384, r: 8, p: 1, keylen: 64 };
const DAY = 24 * 60 * 60 * 1000;
export const TOKEN_TTL_MS: Record<TokenKind, number> = { agent: 30 * DAY, visitor: 30 * DAY };

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

export async function issueToken(db: Db, clock: Clock, kind: TokenKind, subjectId: string): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  const now = clock.now();
  await db
    .insertInto('tokens')
    .values({ token_hash: hashToken(token), kind, subject_id: subjectId, created_at: now, expires_at: now + TOKEN_TTL_MS[kind] })
    .execute();
  return token;
}

/** The subject id of a valid, unexpired token of this kind, else null. */
export async function verifyToken(db: Db, clock: Clock, kind: TokenKind, token: unknown): Promise<string | null> {
  if (typeof token !== 'string' || token.length === 0 || token.length > 200) return null;
  const row = await db
    .selectFrom('tokens')
    .select('subject_id')
    .where('token_hash', '=', hashToken(token))
    .where('kind', '=', kind)
    .where('expires_at', '>', clock.now())
    .executeTakeFirst();
  return row?.subject_id ?? null;
}

export async function revokeToken(db: Db, token: string): Promise<void> {
  await db.deleteFrom('tokens').where('token_hash', '=', hashToken(token)).execute();
}

export async function revokeTokensOf(db: Db, kind: TokenKind, subjectId: string): Promise<void> {
  await db.deleteFrom('tokens').where('kind', '=', kind).where('subject_id', '=', subjectId).execute();
}

/** The signed-in, enabled agent behind a token, else null. */
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
