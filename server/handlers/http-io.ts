/** Small HTTP helpers: JSON bodies with a size cap, JSON answers, CORS and security headers. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isIP, type BlockList } from 'node:net';
import type { OriginCheck } from '../services/site-origins.ts';
import type { TrustProxy } from '../src/config.ts';
import { originAllowed } from '../src/origins.ts';

export const JSON_BODY_LIMIT = 16 * 1024;

/** Ends a request early with a status and an error code. */
export class HttpError extends Error {
  readonly status: number;
  readonly code: string;
  constructor(status: number, code: string) {
    super(code);
    this.status = status;
    this.code = code;
  }
}

/** `optional`: a request without a body (no content at all) reads as `{}`. */
export async function readJsonBody(req: IncomingMessage, options: { optional?: boolean } = {}): Promise<unknown> {
  if (options.optional && Number(req.headers['content-length'] ?? 0) === 0 && !req.headers['transfer-encoding']) return {};
  const type = req.headers['content-type'] ?? '';
  if (!/^application\/json\s*(;|$)/i.test(type)) throw new HttpError(400, 'invalid_payload');
  if (Number(req.headers['content-length'] ?? 0) > JSON_BODY_LIMIT) throw new HttpError(413, 'payload_too_large');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > JSON_BODY_LIMIT) throw new HttpError(413, 'payload_too_large');
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new HttpError(400, 'invalid_payload');
  }
}

export function setSecurityHeaders(res: ServerResponse): void {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('X-Frame-Options', 'DENY');
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.setHeader('Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'");
  res.setHeader('Cache-Control', 'no-store');
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

export function sendEmpty(res: ServerResponse, status: number): void {
  res.writeHead(status);
  res.end();
}

/**
 * Applies CORS for one API area. Returns false when the request carries an Origin that is not
 * allowed; requests without an Origin (curl, server-to-server) are not cross-origin and pass.
 * `readableRefusal`: a page on any origin may read the answer, so a refused one can tell "this site
 * is not allowed" from a network error; the refusal itself is still made here, on the Origin header.
 */
export async function applyCors(
  req: IncomingMessage,
  res: ServerResponse,
  allowed: readonly string[] | OriginCheck,
  options: { readableRefusal?: boolean } = {},
): Promise<boolean> {
  const origin = req.headers.origin;
  res.setHeader('Vary', 'Origin');
  if (origin === undefined) return true;
  const admitted = typeof allowed === 'function' ? await allowed(origin) : originAllowed(allowed, origin);
  if (!admitted && !options.readableRefusal) return false;
  res.setHeader('Access-Control-Allow-Origin', origin);
  if (req.method === 'OPTIONS') {
    res.setHeader('Access-Control-Allow-Methods', 'POST, OPTIONS');
    res.setHeader('Access-Control-Allow-Headers', 'Content-Type, Authorization');
    res.setHeader('Access-Control-Max-Age', '600');
  }
  return admitted;
}

export function bearerToken(req: IncomingMessage): string | null {
  const match = /^Bearer ([A-Za-z0-9_-]{1,200})$/.exec(req.headers.authorization ?? '');
  return match?.[1] ?? null;
}

/**
 * The client's address. Without trusted proxies it is the connection's own; with `hops`, X-Forwarded-For
 * is believed for that many proxies in front of the service; with a list, the addresses written by proxies
 * on the list are skipped from the right. Anything a client wrote itself further left is never believed.
 */
export function clientIp(req: IncomingMessage, trust: TrustProxy = { kind: 'none' }): string {
  const own = req.socket.remoteAddress ?? 'unknown';
  if (trust.kind === 'none') return own;
  const header = req.headers['x-forwarded-for'];
  const forwarded = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map((a) => a.trim())
    .filter((a) => a.length > 0);
  const chain = [...forwarded, own];
  if (trust.kind === 'hops') return chain[Math.max(0, chain.length - 1 - trust.hops)]!;
  let i = chain.length - 1;
  while (i > 0 && trustedAddress(trust.list, chain[i]!)) i -= 1;
  return chain[i]!;
}

function trustedAddress(list: BlockList, address: string): boolean {
  const plain = address.startsWith('::ffff:') ? address.slice(7) : address;
  const family = isIP(plain);
  return family !== 0 && list.check(plain, family === 6 ? 'ipv6' : 'ipv4');
}
