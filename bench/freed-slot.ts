/**
 * `npm run bench:freed-slot [-- rounds]`: from an agent ending a chat to the next queued chat's offer
 * reaching them, on SQLite and on PostgreSQL (local `test` database), with the periodic sweep pushed out
 * to a minute so that only the sweep scheduled after the commit can move the queue. Prints p50 and p99
 * per database and their ratio. For the record: no test asserts a time.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io } from 'socket.io-client';
import { CLUSTER_PG_URL } from '../scripts/cluster-services.ts';
import { createAgent } from '../server/services/agents.ts';
import { startAgentSession } from '../server/services/agent-sessions.ts';
import { createApp } from '../server/src/app.ts';
import { systemClock } from '../server/src/clock.ts';
import { loadConfig } from '../server/src/config.ts';
import { AGENT_ORIGIN, connected, LOOPBACK_LIMITS, openSocket, runSql, SITE_ORIGIN } from '../tests/server/helpers.ts';

const ROUNDS = Number(process.argv[2] ?? 20);
const quiet = { info: () => undefined, warn: () => undefined, error: (m: string, f?: unknown) => console.error(m, f) };

async function measure(database: 'sqlite' | 'postgres'): Promise<number[]> {
  const dir = await mkdtemp(join(tmpdir(), 'switchboard-freed-'));
  const schema = `b_${randomUUID().replaceAll('-', '')}`;
  if (database === 'postgres') await runSql(CLUSTER_PG_URL, `create schema ${schema}`);
  const config = loadConfig({
    ...LOOPBACK_LIMITS,
    DATA_DIR: dir,
    PORT: '0',
    SITE_ORIGINS: SITE_ORIGIN,
    MAX_CHATS_PER_AGENT: '1',
    SWEEP_INTERVAL_MS: '60000',
    ...(database === 'postgres' ? { DATABASE_URL: CLUSTER_PG_URL, DATABASE_SCHEMA: schema } : {}),
  });
  const app = await createApp(config, { logger: quiet });
  const { url } = await app.listen(0, '127.0.0.1');
  const { agent } = await createAgent(app.db, systemClock, { email: 'bench@example.test', name: 'Bench', password: 'correct horse battery', available: true });
  const agentSocket = openSocket(url, '/agent', (await startAgentSession(app.db, systemClock, agent.id, app.config.accessTokenTtlMs)).accessToken, AGENT_ORIGIN);
  await connected(agentSocket);
  const offers = new Map<string, (at: number) => void>();
  let first: ((offer: { id: string; conversationId: string }) => void) | null = null;
  agentSocket.on('offer:created', (offer: { id: string; conversationId: string }) => {
    if (first) return first(offer);
    offers.get(offer.conversationId)?.(performance.now());
  });
  const startChat = async (): Promise<string> => {
    const session = (await (await fetch(`${url}/api/visitor/session`, { method: 'POST', headers: { 'content-type': 'application/json', origin: SITE_ORIGIN }, body: '{}' })).json()) as { token: string };
    const socket = io(`${url}/visitor`, { auth: { token: session.token }, transports: ['websocket'], extraHeaders: { origin: SITE_ORIGIN }, forceNew: true });
    await connected(socket);
    const ack = (await socket.emitWithAck('chat:start', { name: 'V', email: 'v@example.test' })) as { data: { conversation: { id: string } } };
    return ack.data.conversation.id;
  };

  // one chat held by the agent
  const firstOffer = new Promise<{ id: string }>((resolve) => (first = resolve));
  let active = await startChat();
  await agentSocket.emitWithAck('offer:accept', { offerId: (await firstOffer).id });
  first = null;
  const times: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const queued = await startChat();
    const offered = new Promise<number>((resolve) => offers.set(queued, resolve));
    const ended = performance.now();
    await agentSocket.emitWithAck('conversation:end', { conversationId: active });
    const at = await offered;
    times.push(at - ended);
    const offerId = await new Promise<string>((resolve) => {
      void app.db.selectFrom('offers').select('id').where('conversation_id', '=', queued).where('status', '=', 'pending').executeTakeFirstOrThrow().then((r) => resolve(r.id));
    });
    await agentSocket.emitWithAck('offer:accept', { offerId });
    active = queued;
  }
  agentSocket.disconnect();
  await app.close();
  if (database === 'postgres') await runSql(CLUSTER_PG_URL, `drop schema ${schema} cascade`);
  await rm(dir, { recursive: true, force: true });
  return times.sort((a, b) => a - b);
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
const sqlite = await measure('sqlite');
const postgres = await measure('postgres');
console.log(`freed slot → next offer received, ${ROUNDS} rounds, periodic sweep every 60 s`);
for (const [name, t] of [['SQLite', sqlite], ['PostgreSQL', postgres]] as const) {
  console.log(`${name.padEnd(11)} p50 ${pct(t, 50).toFixed(1).padStart(7)} ms   p99 ${pct(t, 99).toFixed(1).padStart(7)} ms`);
}
console.log(`ratio PostgreSQL / SQLite: p50 ${(pct(postgres, 50) / pct(sqlite, 50)).toFixed(2)}×, p99 ${(pct(postgres, 99) / pct(sqlite, 99)).toFixed(2)}×`);
process.exit(0);
