/**
 * Server settings, read from the environment (an empty variable counts as unset):
 *   PORT (3000)  HOST (127.0.0.1; set 0.0.0.0 to accept connections from other machines)
 *   DATA_DIR (./data)  DATABASE_URL (postgres://…; unset → SQLite file DATA_DIR/switchboard.sqlite)
 *   DATABASE_SCHEMA (public)  OFFER_TIMEOUT_MS (45000)  MAX_CHATS_PER_AGENT (10)
 *   SITE_ORIGINS (comma-separated origins allowed to embed the widget; http://localhost:PORT and
 *   http://127.0.0.1:PORT)  AGENT_ORIGINS (extension origins; the pinned Chrome id and moz-extension://*)
 *   FALLBACK_MESSAGE (unset → a shipped text in the visitor's language)  WIDGET_DIR (.output/widget)  SWEEP_INTERVAL_MS (1000)
 *   IDLE_TIMEOUT_MS (600000)  PRESENCE_GRACE_MS (60000)  ROUTING_MAX_OFFERS (5)
 *   ROUTING_MAX_WAIT_MS (600000)  QUEUE_MAX_WAIT_MS (600000)  FALLBACK_BOOKING (false)
 *   SITE_SECRET (HMAC key for signed visitor emails; unset → no visitor is verified)
 *   ACTIVITY_RETENTION_DAYS (90)
 *   IDENTITY_MAX_AGE_MS (86400000: a visitor's signed email counts as verified for a day after it was signed)
 *   CHAT_RETENTION_DAYS (365: ended and missed chats, with their messages, are deleted this long after they end)
 *   REDIS_URL (redis://…; several processes share events and limits through it; needed for more than
 *   one process on PostgreSQL)  REDIS_PREFIX (switchboard; keeps several deployments on one Redis apart)
 *   SHUTDOWN_GRACE_MS (10000; how long SIGTERM waits for commands in flight)
 *   TRUST_PROXY (unset: X-Forwarded-For is ignored; a number: that many proxies in front; or a list of
 *   proxy addresses and CIDRs)
 *   LIMIT_SESSIONS_PER_ADDRESS (30 new visitor sessions per client address per 10 minutes)
 *   LIMIT_CHATS_PER_VISITOR (5 chats started per visitor per 10 minutes)
 *   LIMIT_CHATS_PER_ADDRESS (20 chats started per client address per 10 minutes)
 *   LIMIT_FUTURE_MEETINGS (3 meetings booked ahead per visitor)
 *   ACCESS_TOKEN_TTL_MS (900000: an agent's access token lasts 15 minutes; its refresh token 30 days)
 *   PASSWORD_HASH_COST (17: log2 of scrypt's N, r = 8, p = 1, OWASP's recommendation; 15–18; a sign-in
 *   re-hashes a password stored at a lower cost)
 *   LIMIT_MESSAGE_BURST (10 visitor messages per 10 s), LIMIT_MESSAGES_PER_VISITOR (120 per 10 minutes),
 *   LIMIT_MESSAGES_PER_CONVERSATION (1000 visitor messages per conversation per day),
 *   LIMIT_BYTES_PER_SITE (50 MB of visitor messages per site per day),
 *   LIMIT_CONNECTIONS_PER_ADDRESS (60 new visitor connections per client address per minute)
 * The fallback message, the ROUTING_ and QUEUE_ settings, OFFER_TIMEOUT_MS, IDLE_TIMEOUT_MS and
 * MAX_CHATS_PER_AGENT are defaults an admin may change at run time (an agent may also have a capacity of their own).
 */
import { BlockList, isIP } from 'node:net';
import { resolve } from 'node:path';
import { z } from 'zod';
import { originEntryAsSent } from '../../protocol/origins.ts';
import { DEFAULT_PASSWORD_COST } from '../services/passwords.ts';
import type { Budget } from '../services/rate-limit.ts';
import { isValidOriginPattern } from './origins.ts';

export const EXTENSION_ID = 'lkbcgogbcnepkjocdhjeiopghggaloag';
export const DEFAULT_ACCESS_TOKEN_TTL_MS = 15 * 60_000;

/** Which proxies in front of the service may tell the client's address (X-Forwarded-For). */
export type TrustProxy = { kind: 'none' } | { kind: 'hops'; hops: number } | { kind: 'list'; list: BlockList };

function trustProxyOf(value: string | undefined): TrustProxy | null {
  if (!value) return { kind: 'none' };
  if (/^\d{1,2}$/.test(value)) return Number(value) === 0 ? { kind: 'none' } : { kind: 'hops', hops: Number(value) };
  const list = new BlockList();
  for (const entry of value.split(',').map((e) => e.trim())) {
    const [address, bits] = entry.split('/') as [string, string | undefined];
    const family = isIP(address);
    if (family === 0) return null;
    const type = family === 6 ? 'ipv6' : 'ipv4';
    if (bits === undefined) list.addAddress(address, type);
    else if (/^\d{1,3}$/.test(bits) && Number(bits) <= (family === 6 ? 128 : 32)) list.addSubnet(address, Number(bits), type);
    else return null;
  }
  return { kind: 'list', list };
}

export interface AppConfig {
  port: number;
  /** interface to listen on; 127.0.0.1 by default so a dev machine does not expose the service */
  host: string;
  /** absolute path */
  dataDir: string;
  /** PostgreSQL when set, else an SQLite file in dataDir */
  databaseUrl: string | null;
  /** PostgreSQL schema holding the tables (default public) */
  databaseSchema: string;
  offerTimeoutMs: number;
  maxChatsPerAgent: number;
  siteOrigins: string[];
  agentOrigins: string[];
  /** one fallback message for every language an admin gave none of its own; null: the shipped texts, by language */
  fallbackMessage: string | null;
  /** absolute path of the folder holding the built widget.js */
  widgetDir: string;
  sweepIntervalMs: number;
  /** an active chat without a message from either side for this long ends */
  idleTimeoutMs: number;
  /** a disconnected agent keeps getting offers for this long (a network blip is not leaving) */
  presenceGraceMs: number;
  /** the offer chain ends after this many offers */
  maxOffers: number;
  /** the offer chain ends once the chat has waited this long since it started */
  maxWaitMs: number;
  /** a queued chat waits at most this long for a free agent */
  queueMaxWaitMs: number;
  /** the fallback message comes with a calendar to book a meeting */
  fallbackBooking: boolean;
  /** HMAC key the host site signs visitor emails with (visitor:identify); null: nothing is verified */
  siteSecret: string | null;
  /** activities older than this many days are deleted */
  activityRetentionDays: number;
  /** ended and missed chats, with their messages, are deleted this many days after they end */
  chatRetentionDays: number;
  /** a signed visitor email proves the visitor for this long after it was signed */
  identityMaxAgeMs: number;
  /** Redis for the socket.io adapter and shared limits; null: one process */
  redisUrl: string | null;
  /** prefix of every Redis channel and key this deployment uses */
  redisPrefix: string;
  /** on SIGTERM, how long to wait for commands in flight before closing */
  shutdownGraceMs: number;
  /** proxies whose X-Forwarded-For is believed for the client's address (limits key on it) */
  trustProxy: TrustProxy;
  /** budgets that keep one visitor, address or bot from filling the desk */
  visitorLimits: VisitorLimits;
  /** how long an agent's access token is valid; its refresh token renews it */
  accessTokenTtlMs: number;
  /** log2 of scrypt's N for new password hashes (each takes 128 · 2^cost · 8 bytes: 128 MiB at 17) */
  passwordHashCost: number;
}

export interface VisitorLimits {
  sessionsPerAddress: Budget;
  chatsPerVisitor: Budget;
  chatsPerAddress: Budget;
  /** booked meetings still ahead, per visitor */
  futureMeetings: number;
  /** visitor messages in a short burst, then at a steady rate, per visitor */
  messageBurst: Budget;
  messagesPerVisitor: Budget;
  /** visitor messages in one conversation per day */
  messagesPerConversation: Budget;
  /** bytes of visitor messages per site per day */
  bytesPerSite: Budget;
  /** new visitor connections (socket handshakes) per client address */
  connectionsPerAddress: Budget;
}

const TEN_SECONDS = 10_000;
const MINUTE = 60_000;
const TEN_MINUTES = 10 * MINUTE;
const DAY = 24 * 60 * MINUTE;

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

const originList = z
  .string()
  .transform((s) => s.split(',').map(originEntryAsSent).filter((o) => o.length > 0))
  .refine((list) => list.length > 0, { message: 'needs at least one origin' })
  .refine((list) => list.every(isValidOriginPattern), {
    message: 'each entry must be an origin like https://example.com, https://*.example.com (its subdomains) or moz-extension://* (any id)',
  });

const envSchema = z.object({
  PORT: int(0, 65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, { message: 'must be a postgres:// URL' })
    .optional(),
  DATABASE_SCHEMA: z
    .string()
    .regex(/^[a-z_][a-z0-9_]{0,62}$/, { message: 'must be a lower-case SQL identifier' })
    .default('public'),
  OFFER_TIMEOUT_MS: int(1000, 3_600_000).default(45_000),
  MAX_CHATS_PER_AGENT: int(1, 1000).default(10),
  SITE_ORIGINS: originList.optional(),
  AGENT_ORIGINS: originList.prefault(`chrome-extension://${EXTENSION_ID},moz-extension://*`),
  FALLBACK_MESSAGE: z.string().trim().min(1).max(1000).optional(),
  WIDGET_DIR: z.string().min(1).default('.output/widget'),
  SWEEP_INTERVAL_MS: int(50, 60_000).default(1000),
  IDLE_TIMEOUT_MS: int(1000, 86_400_000).default(600_000),
  // longer than the extension's 30 s wake-up alarm plus a reconnect: a stopped worker comes back inside it
  PRESENCE_GRACE_MS: int(0, 3_600_000).default(60_000),
  ROUTING_MAX_OFFERS: int(1, 100).default(5),
  ROUTING_MAX_WAIT_MS: int(1000, 86_400_000).default(600_000),
  QUEUE_MAX_WAIT_MS: int(1000, 86_400_000).default(600_000),
  FALLBACK_BOOKING: z.enum(['true', 'false', '1', '0']).default('false'),
  // short keys are guessable; 32 characters is the least we accept
  SITE_SECRET: z
    .string()
    .min(32, { message: 'use at least 32 characters' })
    // 32 × "a" has the length and none of the strength: ask for a random key
    .refine((v) => new Set(v).size >= 12, { message: 'looks guessable; use a random key (e.g. `openssl rand -base64 32`)' })
    .optional(),
  ACTIVITY_RETENTION_DAYS: int(1, 3650).default(90),
  // agents are shown 90 days of a visitor's history: a chat they can see must still be there
  CHAT_RETENTION_DAYS: int(90, 36500).default(365),
  IDENTITY_MAX_AGE_MS: int(60_000, 30 * 86_400_000).default(86_400_000),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, { message: 'must be a redis:// or rediss:// URL' })
    .optional(),
  REDIS_PREFIX: z
    .string()
    .regex(/^[a-zA-Z0-9_.-]{1,64}$/, { message: 'letters, digits, _ . - only (at most 64)' })
    .default('switchboard'),
  SHUTDOWN_GRACE_MS: int(0, 600_000).default(10_000),
  LIMIT_SESSIONS_PER_ADDRESS: int(1, 100_000).default(30),
  LIMIT_CHATS_PER_VISITOR: int(1, 1000).default(5),
  LIMIT_CHATS_PER_ADDRESS: int(1, 100_000).default(20),
  LIMIT_FUTURE_MEETINGS: int(1, 100).default(3),
  ACCESS_TOKEN_TTL_MS: int(10_000, 86_400_000).default(DEFAULT_ACCESS_TOKEN_TTL_MS),
  // below 2^15 guessing gets cheap; above 2^18 each sign-in takes more than 256 MiB of memory
  PASSWORD_HASH_COST: int(15, 18).default(DEFAULT_PASSWORD_COST),
  LIMIT_MESSAGE_BURST: int(1, 100_000).default(10),
  LIMIT_MESSAGES_PER_VISITOR: int(1, 1_000_000).default(120),
  LIMIT_MESSAGES_PER_CONVERSATION: int(1, 1_000_000).default(1000),
  LIMIT_BYTES_PER_SITE: int(1000, 1e12).default(50_000_000),
  LIMIT_CONNECTIONS_PER_ADDRESS: int(1, 1_000_000).default(60),
  TRUST_PROXY: z
    .string()
    .refine((v) => trustProxyOf(v) !== null, { message: 'a number of proxies (1) or addresses and CIDRs (10.0.0.0/8,127.0.0.1)' })
    .optional(),
});

/** Reads and validates the settings; relative paths are taken from the current directory. */
export function loadConfig(env: NodeJS.ProcessEnv): AppConfig {
  // an empty variable means "not set", as in most shells' `FOO= cmd`
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid configuration: ${problems}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: resolve(e.DATA_DIR),
    databaseUrl: e.DATABASE_URL ?? null,
    databaseSchema: e.DATABASE_SCHEMA,
    offerTimeoutMs: e.OFFER_TIMEOUT_MS,
    maxChatsPerAgent: e.MAX_CHATS_PER_AGENT,
    siteOrigins: e.SITE_ORIGINS ?? [`http://localhost:${e.PORT}`, `http://127.0.0.1:${e.PORT}`],
    agentOrigins: e.AGENT_ORIGINS,
    fallbackMessage: e.FALLBACK_MESSAGE ?? null,
    widgetDir: resolve(e.WIDGET_DIR),
    sweepIntervalMs: e.SWEEP_INTERVAL_MS,
    idleTimeoutMs: e.IDLE_TIMEOUT_MS,
    presenceGraceMs: e.PRESENCE_GRACE_MS,
    maxOffers: e.ROUTING_MAX_OFFERS,
    maxWaitMs: e.ROUTING_MAX_WAIT_MS,
    queueMaxWaitMs: e.QUEUE_MAX_WAIT_MS,
    fallbackBooking: e.FALLBACK_BOOKING === 'true' || e.FALLBACK_BOOKING === '1',
    siteSecret: e.SITE_SECRET ?? null,
    activityRetentionDays: e.ACTIVITY_RETENTION_DAYS,
    chatRetentionDays: e.CHAT_RETENTION_DAYS,
    identityMaxAgeMs: e.IDENTITY_MAX_AGE_MS,
    redisUrl: e.REDIS_URL ?? null,
    redisPrefix: e.REDIS_PREFIX,
    shutdownGraceMs: e.SHUTDOWN_GRACE_MS,
    trustProxy: trustProxyOf(e.TRUST_PROXY)!,
    accessTokenTtlMs: e.ACCESS_TOKEN_TTL_MS,
    passwordHashCost: e.PASSWORD_HASH_COST,
    visitorLimits: {
      sessionsPerAddress: { name: 'visitor-sessions-address', max: e.LIMIT_SESSIONS_PER_ADDRESS, windowMs: TEN_MINUTES },
      chatsPerVisitor: { name: 'chats-visitor', max: e.LIMIT_CHATS_PER_VISITOR, windowMs: TEN_MINUTES },
      chatsPerAddress: { name: 'chats-address', max: e.LIMIT_CHATS_PER_ADDRESS, windowMs: TEN_MINUTES },
      futureMeetings: e.LIMIT_FUTURE_MEETINGS,
      messageBurst: { name: 'messages-burst', max: e.LIMIT_MESSAGE_BURST, windowMs: TEN_SECONDS },
      messagesPerVisitor: { name: 'messages-visitor', max: e.LIMIT_MESSAGES_PER_VISITOR, windowMs: TEN_MINUTES },
      messagesPerConversation: { name: 'messages-conversation', max: e.LIMIT_MESSAGES_PER_CONVERSATION, windowMs: DAY },
      bytesPerSite: { name: 'bytes-site', max: e.LIMIT_BYTES_PER_SITE, windowMs: DAY },
      connectionsPerAddress: { name: 'connections-address', max: e.LIMIT_CONNECTIONS_PER_ADDRESS, windowMs: MINUTE },
    },
  };
}
