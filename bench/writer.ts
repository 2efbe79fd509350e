/**
 * The storage half of a message alone, in one process, so that CPU time per stored message can be
 * compared between versions without the load bench's network and neighbours: the group-commit
 * writer on a temp SQLite file (or PostgreSQL with DATABASE_URL, in a fresh schema), 100 active
 * conversations, sends in waves of B (each wave one batch). Prints µs of this process's CPU and
 * wall time per message for each B. Run: node bench/writer.ts [messages per batch size] [batch sizes,
 * comma-separated; 1,4,16,64 by default] [--paced <ms>]
 *
 * `--paced 25` then sends one message every 25 ms (the load bench's latency phase, 40 msg/s), as a
 * quiet service sees them, and times each from the send to its durable answer; interleaved with it,
 * the reference: appending one 4 KiB page to a file in the same folder and `fdatasync`-ing it, the
 * disk's own price of making a few bytes durable. Prints the median and p90 of each and their ratio.
 */
import { randomUUID } from 'node:crypto';
import { closeSync, fdatasync, openSync, writeSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { timeOrderedId } from '../protocol/ids.ts';
import { runSql } from '../tests/server/helpers.ts';
import { openDatabase } from '../server/db/connect.ts';
import { createAgent } from '../server/services/agents.ts';
import type { Actor } from '../server/services/conversations.ts';
import { createMessageWriter } from '../server/services/message-writer.ts';
import { systemClock } from '../server/src/clock.ts';
import { loadConfig } from '../server/src/config.ts';

const { values: flags, positionals } = parseArgs({ options: { paced: { type: 'string' } }, allowPositionals: true });
const TOTAL = Number(positionals[0] ?? 6000);
const SIZES = (positionals[1] ?? '1,4,16,64').split(',').map(Number);
const PACED_MS = flags.paced === undefined ? undefined : Number(flags.paced);
if (!(TOTAL > 0) || SIZES.some((size) => !Number.isInteger(size) || size < 1) || (PACED_MS !== undefined && !(PACED_MS > 0))) {
  console.error('usage: node bench/writer.ts [messages per batch size] [batch sizes, e.g. 1,4,16,64] [--paced <ms between sends>]');
  process.exit(2);
}
const PACED_SENDS = 200;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const median = (xs: number[]) => xs.toSorted((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const p90 = (xs: number[]) => xs.toSorted((a, b) => a - b)[Math.floor(xs.length * 0.9)]!;

/** The reference for --paced: one 4 KiB page appended to a file and fdatasync-ed, in ms. */
function syncedAppend(fd: number, page: Uint8Array): Promise<number> {
  const t0 = performance.now();
  writeSync(fd, page);
  return new Promise((resolve, reject) => fdatasync(fd, (error) => (error ? reject(error) : resolve(performance.now() - t0))));
}
const CONVERSATIONS = 100;
const pgUrl = process.env.DATABASE_URL;
const schema = pgUrl ? `bench_${randomUUID().replaceAll('-', '').slice(0, 16)}` : null;
if (schema) await runSql(pgUrl!, `create schema ${schema}`);
const dir = await mkdtemp(join(tmpdir(), 'switchboard-writer-'));
const database = await openDatabase(loadConfig({ DATA_DIR: dir, ...(pgUrl && schema ? { DATABASE_URL: pgUrl, DATABASE_SCHEMA: schema } : {}) }));
const db = database.db;
try {
  const { agent } = await createAgent(db, systemClock, { email: 'writer@example.test', name: 'Writer', password: 'correct horse battery', available: true });
  const agentRow = await db.selectFrom('users').selectAll().where('id', '=', agent.id).executeTakeFirstOrThrow();
  const visitors: Array<{ actor: Actor; conversationId: string }> = [];
  for (let i = 0; i < CONVERSATIONS; i++) {
    const visitorId = randomUUID();
    const conversationId = randomUUID();
    await db.insertInto('visitors').values({ id: visitorId, name: `Visitor ${i}`, email: null, job_title: null, phone: null, crm_status: null, created_at: 0 }).execute();
    await db
      .insertInto('conversations')
      .values({
        id: conversationId, visitor_id: visitorId, agent_id: agent.id, status: 'active', last_seq: 0, page_url: null, created_at: 0,
        ended_at: null, ended_by: null, site_key: null, offers_made: 1, queued_at: null, queue_position: null, last_activity_at: 0,
      })
      .execute();
    visitors.push({ actor: { kind: 'visitor', visitorId }, conversationId });
  }
  // only db and clock are used by the writer; older versions typed the whole ServiceDeps
  const writer = createMessageWriter({ db, clock: systemClock } as Parameters<typeof createMessageWriter>[0]);
  const agentActor: Actor = { kind: 'agent', agent: agentRow };
  let n = 0;
  const wave = (size: number) =>
    Promise.all(
      Array.from({ length: size }, () => {
        const v = visitors[n % CONVERSATIONS]!;
        // every 4th message is the agent's, as in the load bench
        const actor = n % 4 === 3 ? agentActor : v.actor;
        n += 1;
        // client ids as the widget and the extension make them (protocol/ids.ts)
        return writer.send(actor, { conversationId: v.conversationId, clientId: timeOrderedId(), body: 'Hello, I ordered a blue one last week.' });
      }),
    );
  await wave(200); // warm up
  for (const size of SIZES) {
    const waves = Math.ceil(TOTAL / size);
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    for (let w = 0; w < waves; w++) await wave(size);
    const cpu = process.cpuUsage(cpu0);
    const count = waves * size;
    console.log(
      `batch ${String(size).padStart(2)}: ${((cpu.user + cpu.system) / count).toFixed(0).padStart(4)} µs CPU/msg ` +
        `(${(cpu.system / count).toFixed(0)} system), ${(((performance.now() - t0) * 1000) / count).toFixed(0)} µs wall/msg`,
    );
  }
  if (PACED_MS !== undefined) {
    // a send alone, then the disk's reference, PACED_MS apart each: the service and the disk as they are at a quiet time
    const fd = openSync(join(dir, 'reference.log'), 'a');
    const page = new Uint8Array(4096).fill(1);
    const sends: number[] = [];
    const syncs: number[] = [];
    try {
      for (let i = 0; i < PACED_SENDS; i++) {
        await sleep(PACED_MS);
        const t0 = performance.now();
        await wave(1);
        sends.push(performance.now() - t0);
        await sleep(PACED_MS);
        syncs.push(await syncedAppend(fd, page));
      }
    } finally {
      closeSync(fd);
    }
    const ms = (x: number) => `${x.toFixed(2)} ms`;
    console.log(
      `paced, one send every ${PACED_MS} ms: send → durable p50 ${ms(median(sends))}, p90 ${ms(p90(sends))}; ` +
        `4 KiB append + fdatasync p50 ${ms(median(syncs))}, p90 ${ms(p90(syncs))}; ratio p50 ${(median(sends) / median(syncs)).toFixed(2)}×`,
    );
  }
} finally {
  await database.close();
  if (schema) await runSql(pgUrl!, `drop schema ${schema} cascade`);
  await rm(dir, { recursive: true, force: true });
}
