/**
 * Cluster harness: real server processes (`node server/src/index.ts`) on one PostgreSQL schema and one
 * Redis, each on its own port, with the real sweep interval. Tests drive them with real socket.io
 * clients and read the shared database directly for their assertions.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLUSTER_PG_URL, CLUSTER_REDIS_URL } from '../../scripts/cluster-services.ts';
import { openDatabase, type Database } from '../../server/db/connect.ts';
import { createAgent } from '../../server/services/agents.ts';
import { startAgentSession } from '../../server/services/agent-sessions.ts';
import { systemClock } from '../../server/src/clock.ts';
import { DEFAULT_ACCESS_TOKEN_TTL_MS, loadConfig } from '../../server/src/config.ts';
import {
  AGENT_ORIGIN,
  connected,
  freePort,
  LOOPBACK_LIMITS,
  openSocket,
  PASSWORD,
  runSql,
  SITE_ORIGIN,
  TEST_PASSWORD_COST,
  TestClient,
  type AgentClient,
  type TestAgent,
  type VisitorClient,
} from '../server/helpers.ts';
import type { VisitorClientToServerEvents, VisitorServerToClientEvents } from '../../protocol/events.ts';

const PG_URL = CLUSTER_PG_URL;
const REDIS_URL = CLUSTER_REDIS_URL;

export interface ServerProcess {
  url: string;
  port: number;
  child: ChildProcess;
  output(): string;
  /** SIGKILL: no shutdown at all, as when the machine or the process dies */
  kill(): Promise<void>;
  /** SIGTERM and wait for the exit */
  stop(): Promise<number | null>;
  alive(): boolean;
}

export interface Cluster {
  nodes: ServerProcess[];
  db: Database;
  schema: string;
  env: Record<string, string>;
  /** starts one more process on the same database and Redis (also to replace a killed one) */
  startNode(port?: number): Promise<ServerProcess>;
  addAgent(name?: string): Promise<TestAgent>;
  connectAgent(node: ServerProcess, token: string): Promise<AgentClient>;
  connectVisitor(node: ServerProcess, token?: string): Promise<VisitorClient>;
  close(): Promise<void>;
}

export async function until<T>(probe: () => T | null | undefined | false | Promise<T | null | undefined | false>, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== null && value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function ready(url: string): Promise<boolean> {
  try {
    return (await fetch(`${url}/readyz`)).ok;
  } catch {
    return false;
  }
}

/** `node server/src/index.ts` with these settings on this port. */
export function spawnNode(env: Record<string, string>, port: number): ServerProcess {
  let output = '';
  const child = spawn(process.execPath, ['server/src/index.ts'], {
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    child,
    output: () => output,
    alive: () => child.exitCode === null && child.signalCode === null,
    async kill() {
      child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      child.kill('SIGTERM');
      return exited;
    },
  };
}

/** `env` adds to (or overrides) the settings every process gets. */
export async function startCluster(size: number, env: Record<string, string> = {}): Promise<Cluster> {
  const schema = `c_${randomUUID().replaceAll('-', '')}`;
  await runSql(PG_URL, `create schema ${schema}`);
  const dataDir = mkdtempSync(join(tmpdir(), 'switchboard-cluster-'));
  const settings: Record<string, string> = {
    ...LOOPBACK_LIMITS,
    DATABASE_URL: PG_URL,
    DATABASE_SCHEMA: schema,
    REDIS_URL,
    REDIS_PREFIX: schema,
    SITE_ORIGINS: SITE_ORIGIN,
    DATA_DIR: dataDir,
    WIDGET_DIR: join(dataDir, 'widget'),
    ...env,
  };
  const config = loadConfig({ ...settings, PORT: '0', REDIS_URL: '' });
  // the test's own view of the shared database (migrated like any process would)
  const db = await openDatabase(config);
  const nodes: ServerProcess[] = [];
  const sockets: Array<{ disconnect(): void }> = [];
  let agents = 0;

  const cluster: Cluster = {
    nodes,
    db,
    schema,
    env: settings,
    async startNode(port) {
      const node = spawnNode(settings, port ?? (await freePort()));
      nodes.push(node);
      await until(async () => (node.alive() ? ready(node.url) : Promise.reject(new Error(`server exited:\n${node.output()}`))), `${node.url} ready`, 30_000);
      return node;
    },
    async addAgent(name) {
      agents += 1;
      const email = `agent${agents}.${randomUUID().slice(0, 8)}@example.test`;
      const { agent } = await createAgent(db.db, systemClock, { email, name: name ?? `Agent ${agents}`, password: PASSWORD, available: true }, TEST_PASSWORD_COST);
      const { accessToken, refreshToken } = await startAgentSession(db.db, systemClock, agent.id, DEFAULT_ACCESS_TOKEN_TTL_MS);
      return { agent, email, token: accessToken, refreshToken };
    },
    async connectAgent(node, token) {
      const socket = openSocket(node.url, '/agent', token, AGENT_ORIGIN);
      sockets.push(socket);
      await connected(socket);
      return new TestClient(socket);
    },
    async connectVisitor(node, token) {
      const response = await fetch(`${node.url}/api/visitor/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: SITE_ORIGIN },
        body: JSON.stringify(token ? { token } : {}),
      });
      const session = (await response.json()) as { token: string };
      const socket = openSocket(node.url, '/visitor', session.token, SITE_ORIGIN);
      sockets.push(socket);
      await connected(socket);
      return Object.assign(new TestClient<VisitorServerToClientEvents, VisitorClientToServerEvents>(socket), { token: session.token });
    },
    async close() {
      // whatever a process logged as an error shows in the run, so a surprise is never silent
      for (const node of nodes) {
        const errors = node.output().split('\n').filter((line) => / error /.test(line));
        if (errors.length > 0) console.error(`${node.url} logged:\n${errors.join('\n')}`);
      }
      for (const socket of sockets) socket.disconnect();
      await Promise.all(nodes.filter((n) => n.alive()).map((n) => n.kill()));
      await db.close();
      await runSql(PG_URL, `drop schema ${schema} cascade`).catch(() => undefined);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  // one at a time: the first migrates, the others find the schema ready
  for (let i = 0; i < size; i++) await cluster.startNode();
  return cluster;
}

export async function statusOf(cluster: Cluster, conversationId: string): Promise<string> {
  const row = await cluster.db.db.selectFrom('conversations').select('status').where('id', '=', conversationId).executeTakeFirstOrThrow();
  return row.status;
}

