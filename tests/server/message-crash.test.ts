/**
 * Group commit survives a crash: a real server process (server/src/index.ts) is killed with SIGKILL
 * while visitors and the agent keep several sends in flight; a second process on the same data must
 * hold every acked message, once, with the seq its ack promised, each sender's messages in the order
 * sent, seqs without gaps. The sends that were in flight are then retried and stored once.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import { openDatabase } from '../../server/db/connect.ts';
import { createAgent } from '../../server/services/agents.ts';
import { systemClock } from '../../server/src/clock.ts';
import { loadConfig } from '../../server/src/config.ts';
import { AGENT_ORIGIN, connected, freshTestDatabase, openSocket, PASSWORD, SITE_ORIGIN, type TestDatabase } from './helpers.ts';

const INDEX = resolve(import.meta.dirname, '../../server/src/index.ts');
const VISITORS = 8;
// sends per sender not yet acked, so that batches hold several; the agent, whose every command first
// re-checks its sign-in (handlers/agent.ts, guardEvents: in arrival order), pipelines as much as each visitor
const IN_FLIGHT = 4;
const KILL_AFTER_ACKS = 300;

interface Started {
  child: ChildProcess;
  url: string;
}

let children: ChildProcess[] = [];
let database: TestDatabase | null = null;
const sockets: Socket[] = [];

afterEach(async () => {
  for (const s of sockets.splice(0)) s.disconnect();
  for (const c of children.splice(0)) c.kill('SIGKILL');
  await database?.drop();
  database = null;
});

/**
 * Waits for `promise`, or fails after `ms` with what it was waiting for: every wait of this test is
 * bounded, so a stall reports where it stalled instead of running into the test's own timeout.
 */
function within<T>(ms: number, waitingFor: () => string, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`still waiting after ${ms} ms for ${waitingFor()}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Resolves once `check` holds, looking every 20 ms. */
async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((r) => setTimeout(r, 20));
}

/** Starts `node server/src/index.ts` on port 0 and reads the address it prints. */
function startServer(env: Record<string, string>): Promise<Started> {
  const child = spawn(process.execPath, [INDEX], { env: { ...process.env, ...env, PORT: '0' }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  const started = new Promise<Started>((resolvePromise, reject) => {
    child.once('exit', (code) => reject(new Error(`server exited with ${code}: ${out}`)));
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const url = /Switchboard server:\s+(\S+)/.exec(out)?.[1];
      if (!url || !out.includes('Extension folder:')) return;
      resolvePromise({ child, url });
    });
  });
  return within(15_000, () => `the server to start; it printed: ${out}`, started);
}

async function postJson<T>(url: string, body: unknown, origin: string): Promise<T> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', origin }, body: JSON.stringify(body) });
  if (!response.ok) throw new Error(`${url}: ${response.status}`);
  return (await response.json()) as T;
}

async function open(url: string, namespace: string, token: string, origin: string): Promise<Socket> {
  const socket = openSocket(url, namespace, token, origin);
  sockets.push(socket);
  await within(10_000, () => `${namespace} to connect`, connected(socket));
  return socket;
}

type Ack = { ok: true; data: { seq: number } } | { ok: false; error: string };

interface Sender {
  socket: Socket;
  conversationId: string;
  /** client ids in the order this sender sent them */
  sent: string[];
  acked: Map<string, number>;
  inFlight: number;
}

describe('group commit across a crash', () => {
  it('keeps every acked message, once, in order, after kill -9 under load', { timeout: 60_000 }, async () => {
    database = await freshTestDatabase();
    // each visitor sends as fast as acks come back: far past a person's message budget, which is not what this tests
    const env = {
      ...database.env,
      SITE_ORIGINS: SITE_ORIGIN,
      MAX_CHATS_PER_AGENT: String(VISITORS),
      LIMIT_MESSAGE_BURST: '100000',
      LIMIT_MESSAGES_PER_VISITOR: '1000000',
      LIMIT_MESSAGES_PER_CONVERSATION: '1000000',
    };
    const first = await startServer(env);
    const accounts = await openDatabase(loadConfig({ ...env, PORT: '0' }));
    try {
      await createAgent(accounts.db, systemClock, { email: 'crash@example.test', name: 'Crash', password: PASSWORD, available: true });
    } finally {
      await accounts.close();
    }

    const login = await postJson<{ accessToken: string }>(`${first.url}/api/auth/login`, { email: 'crash@example.test', password: PASSWORD }, AGENT_ORIGIN);
    const agent = await open(first.url, '/agent', login.accessToken, AGENT_ORIGIN);
    const accepted = new Set<string>();
    const offerEvents: string[] = [];
    agent.on('offer:created', (offer: { id: string; conversationId: string }) => {
      offerEvents.push(`offered ${offer.conversationId}`);
      agent.emit('offer:accept', { offerId: offer.id }, (ack: Ack) => {
        offerEvents.push(ack.ok ? `accepted ${offer.conversationId}` : `accept refused: ${ack.error}`);
        if (ack.ok) accepted.add(offer.conversationId);
      });
    });
    const visitors = await Promise.all(
      Array.from({ length: VISITORS }, async (_, i) => {
        const { token } = await postJson<{ token: string }>(`${first.url}/api/visitor/session`, {}, SITE_ORIGIN);
        const socket = await open(first.url, '/visitor', token, SITE_ORIGIN);
        const ack = await socket.timeout(10_000).emitWithAck('chat:start', { name: `Visitor ${i}`, email: `v${i}@example.test` });
        if (!ack.ok) throw new Error(`chat:start failed: ${ack.error}`);
        return { token, socket, conversationId: ack.data.conversation.id as string };
      }),
    );
    await within(15_000, () => `the agent to accept ${VISITORS} chats: ${offerEvents.join(', ') || 'no offer'}`, until(() => accepted.size >= VISITORS));

    // each visitor, and the agent in every chat, keeps sending until the process dies
    const senders: Sender[] = visitors.flatMap((v) => [
      { socket: v.socket, conversationId: v.conversationId, sent: [], acked: new Map(), inFlight: IN_FLIGHT },
      { socket: agent, conversationId: v.conversationId, sent: [], acked: new Map(), inFlight: IN_FLIGHT },
    ]);
    let acks = 0;
    let killed = false;
    const crashed = new Promise<void>((done, fail) => {
      const pump = (s: Sender, n: number) => {
        if (killed) return;
        const clientId = `${s.socket === agent ? 'a' : 'v'}-${s.conversationId}-${n}`;
        s.sent.push(clientId);
        s.socket.emit('message:send', { conversationId: s.conversationId, clientId, body: `#${n}` }, (ack: Ack) => {
          if (!ack.ok) return fail(new Error(`${clientId}: send refused: ${ack.error}`));
          s.acked.set(clientId, ack.data.seq);
          acks += 1;
          if (acks >= KILL_AFTER_ACKS && !killed) {
            killed = true;
            first.child.kill('SIGKILL');
            done();
          }
          pump(s, n + s.inFlight);
        });
      };
      for (const s of senders) for (let k = 0; k < s.inFlight; k++) pump(s, k);
    });
    const inFlightNow = () => senders.reduce((n, s) => n + s.sent.length - s.acked.size, 0);
    await within(20_000, () => `${KILL_AFTER_ACKS} acks; ${acks} came, ${inFlightNow()} sends unanswered`, crashed);
    const exited = first.child.exitCode !== null || first.child.signalCode !== null;
    if (!exited) await within(10_000, () => 'the killed process to exit', new Promise((r) => first.child.once('exit', r)));
    for (const s of sockets.splice(0)) s.disconnect();

    // a new process on the same data; every sender retries what it has no ack for, and repeats one it has
    const second = await startServer(env);
    const agent2 = await open(second.url, '/agent', login.accessToken, AGENT_ORIGIN);
    const byConversation = new Map(visitors.map((v) => [v.conversationId, v.token]));
    for (const s of senders) {
      const socket = s.socket === agent ? agent2 : await open(second.url, '/visitor', byConversation.get(s.conversationId)!, SITE_ORIGIN);
      const unacked = s.sent.filter((id) => !s.acked.has(id));
      const repeat = [...s.acked.keys()].slice(-1);
      for (const clientId of [...unacked, ...repeat]) {
        const ack = (await socket.timeout(10_000).emitWithAck('message:send', { conversationId: s.conversationId, clientId, body: 'retry' })) as Ack;
        expect(ack.ok, clientId).toBe(true);
        if (ack.ok && s.acked.has(clientId)) expect(ack.data.seq).toBe(s.acked.get(clientId));
        if (ack.ok) s.acked.set(clientId, ack.data.seq);
      }
    }

    const reader = await openDatabase(loadConfig(env));
    try {
      for (const v of visitors) {
        const rows = await reader.db
          .selectFrom('messages')
          .select(['client_id', 'seq'])
          .where('conversation_id', '=', v.conversationId)
          .orderBy('seq')
          .execute();
        const conversation = await reader.db.selectFrom('conversations').select('last_seq').where('id', '=', v.conversationId).executeTakeFirstOrThrow();
        // no gap and no seq taken twice
        expect(rows.map((r) => r.seq)).toEqual(rows.map((_, i) => i + 1));
        expect(conversation.last_seq).toBe(rows.length);
        const seqOf = new Map(rows.map((r) => [r.client_id, r.seq]));
        expect(seqOf.size).toBe(rows.length); // every client id once
        for (const s of senders.filter((x) => x.conversationId === v.conversationId)) {
          for (const [clientId, seq] of s.acked) expect(seqOf.get(clientId), clientId).toBe(seq);
          const stored = s.sent.map((id) => seqOf.get(id)).filter((seq) => seq !== undefined);
          expect(stored, `${s.socket === agent ? 'agent' : 'visitor'} order`).toEqual([...stored].sort((a, b) => a - b));
        }
      }
    } finally {
      await reader.close();
    }
    second.child.kill('SIGTERM');
  });
});
