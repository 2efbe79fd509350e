/**
 * `npm run bench:cluster [-- visitors rounds]`: routing across three server processes on PostgreSQL and
 * Redis, 50 agents spread over them. Each round sends `visitors` chat requests (spread over the
 * processes) as a burst, then again paced at 50 per second, and measures chat requests routed per
 * second and request → offer latency (p50, p99) — next to a bare socket.io relay (one process, no
 * storage, the same offer event) measured in the same run, with the ratio. For the record: no test
 * asserts a time. Needs the local PostgreSQL and Redis (as `npm run cluster`).
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import type { Socket } from 'socket.io-client';
import { clusterServicesMissing } from '../scripts/cluster-services.ts';
import { startCluster } from '../tests/cluster/cluster.ts';
import { AGENT_ORIGIN, connected, openSocket, SITE_ORIGIN } from '../tests/server/helpers.ts';

const VISITORS = Number(process.argv[2] ?? 300);
const ROUNDS = Number(process.argv[3] ?? 2);
const AGENTS = 50;
const PACED_PER_SECOND = 50;

interface Target {
  name: string;
  urls: string[];
  agentToken(i: number): Promise<string>;
  visitorToken(url: string): Promise<string | null>;
}

interface Figures {
  routedPerSecond: number;
  p50: number;
  p99: number;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

async function measure(target: Target, paced: boolean): Promise<Figures> {
  const agents: Socket[] = [];
  const offeredAt = new Map<string, number>();
  for (let i = 0; i < AGENTS; i++) {
    const socket = openSocket(target.urls[i % target.urls.length]!, '/agent', await target.agentToken(i), AGENT_ORIGIN);
    socket.on('offer:created', (offer: { conversationId: string }) => offeredAt.set(offer.conversationId, performance.now()));
    await connected(socket);
    agents.push(socket);
  }
  const visitors: Socket[] = [];
  for (let i = 0; i < VISITORS; i++) {
    const url = target.urls[i % target.urls.length]!;
    const socket = openSocket(url, '/visitor', await target.visitorToken(url), SITE_ORIGIN);
    await connected(socket);
    visitors.push(socket);
  }
  const requestedAt = new Map<string, number>();
  const first = performance.now();
  await Promise.all(
    visitors.map(async (socket, i) => {
      if (paced) await new Promise((r) => setTimeout(r, (i * 1000) / PACED_PER_SECOND));
      const sent = performance.now();
      const ack = (await socket.timeout(120_000).emitWithAck('chat:start', { name: `V${i}`, email: `v${i}@example.test` })) as {
        ok: boolean;
        data?: { conversation: { id: string } };
      };
      if (!ack.ok || !ack.data) throw new Error(`chat:start failed on ${target.name}`);
      requestedAt.set(ack.data.conversation.id, sent);
    }),
  );
  const deadline = Date.now() + 120_000;
  while ([...requestedAt.keys()].some((id) => !offeredAt.has(id)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  const latencies = [...requestedAt].map(([id, sent]) => offeredAt.get(id)! - sent).sort((a, b) => a - b);
  const last = Math.max(...[...requestedAt.keys()].map((id) => offeredAt.get(id)!));
  for (const socket of [...agents, ...visitors]) socket.disconnect();
  return { routedPerSecond: VISITORS / ((last - first) / 1000), p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}

async function startRelay(): Promise<{ url: string; stop(): void }> {
  const child = spawn(process.execPath, ['bench/relay.ts'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const [chunk] = (await once(child.stdout!, 'data')) as [Buffer];
  const port = /READY (\d+)/.exec(chunk.toString())?.[1];
  if (!port) throw new Error('the relay did not start');
  return { url: `http://127.0.0.1:${port}`, stop: () => child.kill() };
}

const missing = await clusterServicesMissing();
if (missing) {
  console.error(`bench:cluster needs PostgreSQL and Redis: ${missing}`);
  process.exit(1);
}
const fmt = (n: number) => n.toFixed(1).padStart(8);
console.log(`${VISITORS} chat requests per run, ${AGENTS} agents, ${ROUNDS} rounds; burst, then paced at ${PACED_PER_SECOND}/s`);
console.log('round  mode    target     routed/s   p50 ms   p99 ms   ratio (cluster/relay: routed/s, p50, p99)');
for (let round = 1; round <= ROUNDS; round++) {
  for (const paced of [false, true]) {
    const relay = await startRelay();
    const relayFigures = await measure(
      { name: 'relay', urls: [relay.url], agentToken: async (i) => `agent${i}`, visitorToken: async () => null },
      paced,
    );
    relay.stop();
    const cluster = await startCluster(3, { MAX_CHATS_PER_AGENT: '1000', OFFER_TIMEOUT_MS: '600000' });
    const clusterFigures = await measure(
      {
        name: 'cluster',
        urls: cluster.nodes.map((n) => n.url),
        agentToken: async () => (await cluster.addAgent()).token,
        visitorToken: async (url) => {
          const response = await fetch(`${url}/api/visitor/session`, { method: 'POST', headers: { 'content-type': 'application/json', origin: SITE_ORIGIN }, body: '{}' });
          return ((await response.json()) as { token: string }).token;
        },
      },
      paced,
    );
    await cluster.close();
    const mode = paced ? 'paced' : 'burst';
    for (const [name, f] of [['relay', relayFigures], ['3 procs', clusterFigures]] as const) {
      console.log(`${String(round).padStart(5)}  ${mode}  ${name.padEnd(8)} ${fmt(f.routedPerSecond)} ${fmt(f.p50)} ${fmt(f.p99)}`);
    }
    console.log(
      `${' '.repeat(34)}ratio ${(clusterFigures.routedPerSecond / relayFigures.routedPerSecond).toFixed(2)}×, ${(clusterFigures.p50 / relayFigures.p50).toFixed(1)}×, ${(clusterFigures.p99 / relayFigures.p99).toFixed(1)}×`,
    );
  }
}
process.exit(0);
