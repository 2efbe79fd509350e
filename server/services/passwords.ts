/**
 * Password hashes: scrypt with a per-user salt, compared in constant time. The stored string records
 * its own cost (`scrypt$N$r$p$salt$key`), so a hash made at a lower cost is recognised and replaced at
 * the next sign-in.
 */
import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/** log2 of scrypt's N: OWASP's recommendation for scrypt is N = 2^17, r = 8, p = 1 (128 MiB per hash). */
export const DEFAULT_PASSWORD_COST = 17;
const R = 8;
const P = 1;
const KEYLEN = 64;
/** stored hashes beyond this are refused rather than computed: one would take gigabytes of memory */
const MAX_STORED_LOG2_N = 20;

interface Params {
  N: number;
  r: number;
  p: number;
}

function scrypt(password: string, salt: Buffer, keylen: number, { N, r, p }: Params): Promise<Buffer> {
  // scrypt needs 128 · N · r bytes; Node's default ceiling (32 MiB) is below the OWASP cost
  const options: ScryptOptions = { N, r, p, maxmem: 2 * 128 * N * r };
  return new Promise((resolve, reject) =>
    scryptCb(password, salt, keylen, options, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

function paramsOf(cost: number): Params {
  return { N: 2 ** cost, r: R, p: P };
}

export async function hashPassword(password: string, cost = DEFAULT_PASSWORD_COST): Promise<string> {
  const params = paramsOf(cost);
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, KEYLEN, params);
  return ['scrypt', params.N, params.r, params.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

function parse(stored: string): (Params & { salt: Buffer; key: Buffer }) | null {
  const [scheme, n, r, p, salt, key, ...rest] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !key || rest.length > 0) return null;
  const params = { N: Number(n), r: Number(r), p: Number(p) };
  const log2N = Math.log2(params.N);
  if (!Number.isInteger(log2N) || log2N < 1 || log2N > MAX_STORED_LOG2_N) return null;
  if (!Number.isInteger(params.r) || params.r < 1 || params.r > 32 || !Number.isInteger(params.p) || params.p < 1 || params.p > 16) return null;
  return { ...params, salt: Buffer.from(salt, 'base64url'), key: Buffer.from(key, 'base64url') };
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parse(stored);
  if (!parsed || parsed.key.length === 0) return false;
  const actual = await scrypt(password, parsed.salt, parsed.key.length, parsed);
  return timingSafeEqual(actual, parsed.key);
}

/** A hash made at a lower cost than `cost` asks for; a higher one is kept (never downgraded). */
export function needsRehash(stored: string, cost: number): boolean {
  const parsed = parse(stored);
  const wanted = paramsOf(cost);
  return parsed !== null && (parsed.N < wanted.N || parsed.r < wanted.r || parsed.p < wanted.p);
}

const dummyHashes = new Map<number, Promise<string>>();

/** Spent on unknown emails, at the cost of real ones, so a failed sign-in takes as long whether or not the account exists. */
export function dummyHash(cost: number): Promise<string> {
  let hash = dummyHashes.get(cost);
  if (!hash) {
    hash = hashPassword(randomBytes(16).toString('hex'), cost);
    dummyHashes.set(cost, hash);
  }
  return hash;
}
