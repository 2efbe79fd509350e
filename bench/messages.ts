/**
 * Message write throughput: the app in-process (temp SQLite, port 0, loopback), V visitors each with an
 * active chat, every visitor sending M messages back to back (next one after the previous ack).
 * Prints messages/second and p50/p99 ack latency. Run: node bench/messages.ts [visitors] [messagesEach]
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAgent } from '../server/services/agents.ts';
import { startAgentSession } from '../server/services/agent-sessions.ts';
import { createApp } from '../server/src/app.ts';
import { EXTENSION_ID, loadConfig } from '../server/src/config.ts';
import { connected, openSocket } from '../tests/server/helpers.ts';
import { BENCH_LIMITS } from './limits.ts';

const VISITORS = Number(process.argv[2] ?? 200);
const EACH = Number(process.argv[3] ?? 50);
const AGENTS = 4;
const TIME_LIMIT_MS = 60_000;
const SITE_ORIGIN = 'http://site.test';
const quiet = { info: () => undefined, warn: () => undefined, error: (m: string, f?: unknown) => console.error(m, f) };

const dir = await mkdtemp(join(tmpdir(), 'switchboard-bench-'));
const app = await createApp(
  loadConfig({
    ...BENCH_LIMITS,
    DATA_DIR: dir,
    PORT: '0',
    SITE_ORIGINS: SITE_ORIGIN,
    WIDGET_DIR: join(dir, 'widget'),
    MAX_CHATS_PER_AGENT: String(Math.ceil(VISITORS / AGENTS) + 1),
  }),
  { logger: quiet },
);
const { url } = await app.listen(0, '127.0.0.1');
const sockets: ReturnType<typeof openSocket>[] = [];

try {
  // agents that accept every offer they get
  for (let i = 0; i < AGENTS; i++) {
    const { agent } = await createAgent(app.db, { now: () => Date.now() }, {
      email: `bench${i}.${randomUUID().slice(0, 8)}@example.test`,
      name: `Bench ${i}`,
      password: 'correct horse battery',
      available: true,
    });
    const token = (await startAgentSession(app.db, { now: () => Date.now() }, agent.id, app.config.accessTokenTtlMs)).accessToken;
    const socket = openSocket(url, '/agent', token, `chrome-extension://${EXTENSION_ID}`);
    sockets.push(socket);
    socket.on('offer:created', (offer: { id: string }) => socket.emit('offer:accept', { offerId: offer.id }, () => undefined));
    await connected(socket);
  }

  // visitors with a chat each; wait until every chat is active
  const visitors = await Promise.all(
    Array.from({ length: VISITORS }, async (_, i) => {
      const response = await fetch(`${url}/api/visitor/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: SITE_ORIGIN },
        body: '{}',
      });
      const { token } = (await response.json()) as { token: string };
      const socket = openSocket(url, '/visitor', token, SITE_ORIGIN);
      sockets.push(socket);
      await connected(socket);
      const ack = await socket.timeout(30_000).emitWithAck('chat:start', { name: `Visitor ${i}`, email: `v${i}@example.test` });
      if (!ack.ok) throw new Error(`chat:start failed: ${ack.error}`);
      return { socket, conversationId: ack.data.conversation.id as string };
    }),
  );
  const deadline = Date.now() + 30_000;
  for (;;) {
    const row = await app.db
      .selectFrom('conversations')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('status', '=', 'active')
      .executeTakeFirstOrThrow();
    if (Number(row.n) >= VISITORS) break;
    if (Date.now() > deadline) throw new Error(`only ${row.n} of ${VISITORS} chats became active`);
    await new Promise((r) => setTimeout(r, 50));
  }

  const latencies: number[] = [];
  let failures = 0;
  const stopAt = Date.now() + TIME_LIMIT_MS;
  const started = performance.now();
  await Promise.all(
    visitors.map(async ({ socket, conversationId }) => {
      for (let n = 0; n < EACH && Date.now() < stopAt; n++) {
        const t0 = performance.now();
        const ack = await socket
          .timeout(10_000)
          .emitWithAck('message:send', { conversationId, clientId: randomUUID(), body: `message ${n}` });
        latencies.push(performance.now() - t0);
        if (!ack.ok) failures += 1;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))]!;
  console.log(
    `visitors=${VISITORS} messages=${latencies.length} failures=${failures} time=${seconds.toFixed(2)}s ` +
      `rate=${Math.round(latencies.length / seconds)} msg/s p50=${pct(50).toFixed(2)}ms p99=${pct(99).toFixed(2)}ms`,
  );
} finally {
  for (const socket of sockets) socket.disconnect();
  await app.close();
  await rm(dir, { recursive: true, force: true });
}
