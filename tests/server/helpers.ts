/**
 * Test harness: a real app on port 0 (a temp SQLite file, or PostgreSQL in a fresh schema when
 * TEST_DATABASE_URL is set, with the Redis adapter when TEST_REDIS_URL is set too), a fake clock, and
 * real socket.io clients.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { createServer } from 'node:net';
import { join } from 'node:path';
import pg from 'pg';
import { io, type Socket } from 'socket.io-client';
import type { Ack } from '../../protocol/ack.ts';
import type { AgentDTO } from '../../protocol/dto.ts';
import {
  NAMESPACES,
  type AgentClientToServerEvents,
  type AgentServerToClientEvents,
  type VisitorClientToServerEvents,
  type VisitorServerToClientEvents,
} from '../../protocol/events.ts';
import { createAgent } from '../../server/services/agents.ts';
import { startAgentSession } from '../../server/services/agent-sessions.ts';
import { createApp, type App } from '../../server/src/app.ts';
import type { Clock } from '../../server/src/clock.ts';
import { EXTENSION_ID, loadConfig, type AppConfig } from '../../server/src/config.ts';
import type { Logger } from '../../server/src/logger.ts';

export const SITE_ORIGIN = 'http://site.test';
export const AGENT_ORIGIN = `chrome-extension://${EXTENSION_ID}`;
export const PASSWORD = 'correct horse battery';
/** log2 of scrypt's N for the suite's agents: hundreds are created, so far below the service's floor (15) */
export const TEST_PASSWORD_COST = 10;

export class FakeClock implements Clock {
  t = 1_700_000_000_000;
  now(): number {
    return this.t;
  }
  advance(ms: number): void {
    this.t += ms;
  }
}

/**
 * Collects error messages (also printed unless `echo` is off, so a surprise shows in the run) and
 * warnings with their fields.
 */
export function memoryLogger(): Logger & { errors: string[]; warnings: Array<{ message: string; fields?: Record<string, unknown> }>; echo: boolean } {
  const logger = {
    errors: [] as string[],
    warnings: [] as Array<{ message: string; fields?: Record<string, unknown> }>,
    echo: true,
    info: () => undefined,
    warn: (message: string, fields?: Record<string, unknown>) => {
      logger.warnings.push({ message, fields });
    },
    error: (message: string, fields?: Record<string, unknown>) => {
      logger.errors.push(message);
      if (logger.echo) console.error(message, fields);
    },
  };
  return logger;
}

type Handler = (...args: never[]) => void;
type Payload<M, K extends keyof M> = M[K] extends (arg: infer A) => void ? A : never;
type Input<M, K extends keyof M> = M[K] extends (input: infer I, ack: never) => void ? I : never;
type AckData<M, K extends keyof M> = M[K] extends (input: never, ack: (ack: Ack<infer R>) => void) => void ? R : never;

/** The event `flush` has the server broadcast to one socket; never recorded. */
const FLUSH_MARK = 'test:flushed';

/**
 * Has the server send `event` to one socket the way it sends every event: through its namespace's
 * adapter. The Redis adapter sends a broadcast on this process only once Redis has taken it, and
 * Redis answers one connection in order, so a mark sent through it arrives after every earlier broadcast.
 */
export type BroadcastToSocket = (socketId: string, event: string, mark: number) => void;

/** A BroadcastToSocket for one namespace of an app running in this process. */
export function broadcastVia(app: App, namespace: string): BroadcastToSocket {
  return (socketId, event, mark) => void app.io.of(namespace).to(socketId).emit(event, mark);
}

/** A connected client that records every server event, with typed commands and waits. */
export class TestClient<S2C extends Record<keyof S2C, Handler>, C2S extends Record<keyof C2S, Handler>> {
  readonly socket: Socket;
  readonly log: Array<{ event: string; payload: unknown; taken: boolean }> = [];
  private readonly broadcast: BroadcastToSocket | undefined;
  private marks = 0;

  /** `broadcast`, where the server runs in this process, makes `flush` wait for the adapter too */
  constructor(socket: Socket, broadcast?: BroadcastToSocket) {
    this.socket = socket;
    this.broadcast = broadcast;
    socket.onAny((event: string, payload: unknown) => {
      if (event === FLUSH_MARK) return;
      // one commit's messages come as one event; every client reads it as each message:created in turn
      if (event === 'messages:created') for (const m of payload as unknown[]) this.log.push({ event: 'message:created', payload: m, taken: false });
      else this.log.push({ event, payload, taken: false });
    });
  }

  call<K extends keyof C2S & string>(event: K, input: Input<C2S, K>): Promise<Ack<AckData<C2S, K>>> {
    return this.socket.timeout(15_000).emitWithAck(event, input) as Promise<Ack<AckData<C2S, K>>>;
  }

  /** Sends anything, for tests of malformed input. */
  raw(event: string, ...args: unknown[]): Promise<Ack<unknown>> {
    return this.socket.timeout(15_000).emitWithAck(event, ...args) as Promise<Ack<unknown>>;
  }

  /** Resolves with the first not yet taken event of this name that matches. */
  waitFor<K extends keyof S2C & string>(
    event: K,
    match: (payload: Payload<S2C, K>) => boolean = () => true,
    timeoutMs = 5000,
  ): Promise<Payload<S2C, K>> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const hit = this.log.find((e) => !e.taken && e.event === event && match(e.payload as Payload<S2C, K>));
        if (!hit) return false;
        hit.taken = true;
        clearTimeout(timer);
        this.socket.offAny(onAny);
        resolve(hit.payload as Payload<S2C, K>);
        return true;
      };
      const onAny = () => void check();
      const timer = setTimeout(() => {
        this.socket.offAny(onAny);
        reject(new Error(`timed out waiting for ${event}`));
      }, timeoutMs);
      if (!check()) this.socket.onAny(onAny);
    });
  }

  /** Every event of this name received so far. */
  received<K extends keyof S2C & string>(event: K): Array<Payload<S2C, K>> {
    return this.log.filter((e) => e.event === event).map((e) => e.payload as Payload<S2C, K>);
  }

  /**
   * Anything the server emitted before it has arrived: a round trip, then (with `broadcast`) a mark
   * broadcast to this socket, which the adapter delivers after every broadcast started before it — with
   * the Redis adapter an ack can overtake a broadcast the same command made.
   */
  async flush(): Promise<void> {
    await this.raw('sync:pull', { flush: true });
    if (!this.broadcast) return;
    const mark = ++this.marks;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.socket.off(FLUSH_MARK, arrived);
        reject(new Error('timed out waiting for the flush mark'));
      }, 5000);
      const arrived = (n: number) => {
        if (n !== mark) return;
        clearTimeout(timer);
        this.socket.off(FLUSH_MARK, arrived);
        resolve();
      };
      this.socket.on(FLUSH_MARK, arrived);
      this.broadcast!(this.socket.id!, FLUSH_MARK, mark);
    });
  }

  close(): void {
    this.socket.disconnect();
  }
}

export type AgentClient = TestClient<AgentServerToClientEvents, AgentClientToServerEvents>;
export type VisitorClient = TestClient<VisitorServerToClientEvents, VisitorClientToServerEvents> & {
  token: string;
};

export interface TestAgent {
  agent: AgentDTO;
  /** the access token of a sign-in made without HTTP */
  token: string;
  refreshToken: string;
  email: string;
}

export interface Harness {
  app: App;
  url: string;
  clock: FakeClock;
  config: AppConfig;
  logger: ReturnType<typeof memoryLogger>;
  /** every wait the service asked for on purpose (a slowed-down sign-in), in ms, instead of waiting */
  sleeps: number[];
  /** creates an agent with PASSWORD and signs it in (no HTTP sign-in) */
  addAgent(name?: string): Promise<TestAgent>;
  /** addAgent + a connected /agent socket */
  onlineAgent(name?: string): Promise<TestAgent & { client: AgentClient }>;
  connectAgent(token: string, origin?: string): Promise<AgentClient>;
  /** a new visitor session (or the one of `token`) with a connected /visitor socket */
  connectVisitor(token?: string): Promise<VisitorClient>;
  post(path: string, body: unknown, headers?: Record<string, string>): Promise<Response>;
  close(): Promise<void>;
}

/** A port nobody listens on right now, for a server started as a child process. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

/** Resolves once the socket is connected; rejects with the server's refusal message. */
export function connected(socket: Socket): Promise<void> {
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', (error) => reject(error));
  });
}

/** How a handshake ends: 'connected', or the message of the server's refusal (the socket is closed either way). */
export async function handshakeOutcome(url: string, namespace: string, token: unknown, origin: string | null): Promise<string> {
  const socket = openSocket(url, namespace, token, origin);
  try {
    await connected(socket);
    return 'connected';
  } catch (error) {
    return (error as Error).message;
  } finally {
    socket.disconnect();
  }
}

export function openSocket(url: string, namespace: string, token: unknown, origin: string | null, headers: Record<string, string> = {}): Socket {
  return io(`${url}${namespace}`, {
    auth: { token },
    transports: ['websocket'],
    extraHeaders: { ...(origin ? { origin } : {}), ...headers },
    forceNew: true,
    reconnection: false,
  });
}

/** A new visitor session requested through a proxy on behalf of `address` (the app needs TRUST_PROXY). */
export function proxiedSession(h: Harness, address: string, token?: string): Promise<Response> {
  return h.post('/api/visitor/session', token ? { token } : {}, { origin: SITE_ORIGIN, 'x-forwarded-for': address });
}

/** A visitor whose session and connection come through a proxy on behalf of `address`; null when the session is refused. */
export async function proxiedVisitor(h: Harness, address: string): Promise<VisitorClient | null> {
  const response = await proxiedSession(h, address);
  if (!response.ok) return null;
  const { token } = (await response.json()) as { token: string };
  const socket = openSocket(h.url, '/visitor', token, SITE_ORIGIN, { 'x-forwarded-for': address });
  await connected(socket);
  return Object.assign(new TestClient<VisitorServerToClientEvents, VisitorClientToServerEvents>(socket, broadcastVia(h.app, NAMESPACES.visitor)), { token });
}

export async function runSql(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

interface TestSchema {
  schema: string;
  drop(): Promise<void>;
}

function reuseSchema(url: string, schema: string): TestSchema {
  return { schema, drop: () => runSql(url, `drop schema ${schema} cascade`) };
}

async function createSchema(url: string): Promise<TestSchema> {
  const schema = `t_${randomUUID().replaceAll('-', '')}`;
  await runSql(url, `create schema ${schema}`);
  return reuseSchema(url, schema);
}

export interface HarnessOptions {
  /** reuse this data folder (SQLite file, demo file) instead of a fresh temp one */
  dataDir?: string;
  /** on PostgreSQL, reuse this schema instead of a fresh one */
  schema?: string;
  /** leave the data folder and schema in place on close, to start again on the same data */
  keepData?: boolean;
}

/**
 * Every test visitor comes from 127.0.0.1: the per-address budgets are lifted unless a test sets them
 * (the tests of those budgets do).
 */
export const LOOPBACK_LIMITS = { LIMIT_SESSIONS_PER_ADDRESS: '100000', LIMIT_CHATS_PER_ADDRESS: '100000', LIMIT_CONNECTIONS_PER_ADDRESS: '1000000' } as const;

export async function startHarness(env: Record<string, string> = {}, options: HarnessOptions = {}): Promise<Harness> {
  const dir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'switchboard-test-')));
  const pgUrl = process.env.TEST_DATABASE_URL;
  const pgSchema = pgUrl ? (options.schema ? reuseSchema(pgUrl, options.schema) : await createSchema(pgUrl)) : null;
  const loaded = loadConfig({
    ...LOOPBACK_LIMITS,
    DATA_DIR: dir,
    PORT: '0',
    SITE_ORIGINS: SITE_ORIGIN,
    WIDGET_DIR: join(dir, 'widget'),
    ...(pgUrl && pgSchema ? { DATABASE_URL: pgUrl, DATABASE_SCHEMA: pgSchema.schema } : {}),
    // with TEST_REDIS_URL the suite runs as one process of a cluster: Redis adapter and shared limits
    ...(process.env.TEST_REDIS_URL ? { REDIS_URL: process.env.TEST_REDIS_URL, REDIS_PREFIX: `t-${randomUUID()}` } : {}),
    ...env,
  });
  // set in code, past the environment's floor; a test of the cost itself sets PASSWORD_HASH_COST
  const config = env.PASSWORD_HASH_COST ? loaded : { ...loaded, passwordHashCost: TEST_PASSWORD_COST };
  const clock = new FakeClock();
  const logger = memoryLogger();
  const sleeps: number[] = [];
  const app = await createApp(config, { clock, logger, autoSweep: false, sleep: async (ms) => void sleeps.push(ms) });
  const { url } = await app.listen(0, '127.0.0.1');
  const sockets: Socket[] = [];
  let agentCount = 0;

  let closed = false;
  const harness: Harness = {
    app,
    url,
    clock,
    config,
    logger,
    sleeps,
    async addAgent(name) {
      agentCount += 1;
      const email = `agent${agentCount}.${randomUUID().slice(0, 8)}@example.test`;
      const { agent } = await createAgent(
        app.db,
        clock,
        { email, name: name ?? `Agent ${agentCount}`, password: PASSWORD, available: true },
        config.passwordHashCost,
      );
      const { accessToken, refreshToken } = await startAgentSession(app.db, clock, agent.id, config.accessTokenTtlMs);
      return { agent, email, token: accessToken, refreshToken };
    },
    async onlineAgent(name) {
      const agent = await harness.addAgent(name);
      return { ...agent, client: await harness.connectAgent(agent.token) };
    },
    async connectAgent(token, origin = AGENT_ORIGIN) {
      const socket = openSocket(url, '/agent', token, origin);
      sockets.push(socket);
      await connected(socket);
      return new TestClient(socket, broadcastVia(app, NAMESPACES.agent));
    },
    async connectVisitor(token) {
      const response = await harness.post('/api/visitor/session', token ? { token } : {}, { origin: SITE_ORIGIN });
      const session = (await response.json()) as { token: string };
      const socket = openSocket(url, '/visitor', session.token, SITE_ORIGIN);
      sockets.push(socket);
      await connected(socket);
      return Object.assign(new TestClient<VisitorServerToClientEvents, VisitorClientToServerEvents>(socket, broadcastVia(app, NAMESPACES.visitor)), {
        token: session.token,
      });
    },
    post(path, body, headers = {}) {
      return fetch(`${url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });
    },
    async close() {
      // a file's afterEach may close a harness its last test already closed
      if (closed) return;
      closed = true;
      for (const socket of sockets) socket.disconnect();
      await app.close();
      if (options.keepData) return;
      await pgSchema?.drop();
      if (!options.dataDir) await rm(dir, { recursive: true, force: true });
    },
  };
  return harness;
}

/** Starts a chat for a new visitor and returns the visitor and the conversation id. */
export async function startChat(h: Harness, name = 'Vera Visitor'): Promise<{ visitor: VisitorClient; conversationId: string }> {
  const visitor = await h.connectVisitor();
  const ack = await visitor.call('chat:start', { name, email: 'vera@example.test' });
  if (!ack.ok) throw new Error(`chat:start failed: ${ack.error}`);
  return { visitor, conversationId: ack.data.conversation.id };
}

/** Starts a chat, waits for the agent's offer and accepts it. */
export async function activeChat(h: Harness, agent: AgentClient, name?: string) {
  const chat = await startChat(h, name);
  const offer = await agent.waitFor('offer:created', (o) => o.conversationId === chat.conversationId);
  const accepted = await agent.call('offer:accept', { offerId: offer.id });
  if (!accepted.ok) throw new Error(`offer:accept failed: ${accepted.error}`);
  return { ...chat, offer };
}

export function expectOk<T>(ack: Ack<T>): T {
  if (!ack.ok) throw new Error(`expected ok, got ${ack.error}`);
  return ack.data;
}

export async function countRows(h: Harness, table: 'messages' | 'conversations' | 'offers'): Promise<number> {
  const row = await h.app.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export interface TestDatabase {
  /** what a server started as a process needs: DATA_DIR, and on PostgreSQL DATABASE_URL + DATABASE_SCHEMA */
  env: Record<string, string>;
  drop(): Promise<void>;
}

/** A fresh data folder (and with TEST_DATABASE_URL a fresh schema) for servers run as child processes. */
export async function freshTestDatabase(): Promise<TestDatabase> {
  const dir = await mkdtemp(join(tmpdir(), 'switchboard-test-'));
  const pgUrl = process.env.TEST_DATABASE_URL;
  const pgSchema = pgUrl ? await createSchema(pgUrl) : null;
  return {
    env: {
      DATA_DIR: dir,
      WIDGET_DIR: join(dir, 'widget'),
      ...(pgUrl && pgSchema ? { DATABASE_URL: pgUrl, DATABASE_SCHEMA: pgSchema.schema } : {}),
    },
    async drop() {
      await pgSchema?.drop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
