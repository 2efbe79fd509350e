/**
 * Report query time on a large history: seeds N chats (default 1,000,000) over one year, with their
 * offers, one agent reply per answered chat and the facts each chat's end wrote (db/chat-facts.ts),
 * then times the report for the last 30 and the last 365 days — in total, and each statement and the
 * figures computed in Node on their own — and the live desk, on SQLite and (with BENCH_DATABASE_URL
 * or TEST_DATABASE_URL) on PostgreSQL in a fresh schema. Prints each statement's query plan and which
 * report indexes it uses, and checks a sample of the seeded facts against the live lookups.
 *
 * Run: npm run bench:reports [-- --chats 100000] [-- --runs 3] [-- --sqlite-only | --pg-only]
 *
 * The data is the same on both databases, made from each chat's number g = 1 … N:
 * - requests evenly over the 365 days before 2026-01-01 (UTC);
 * - 17 of 20 are answered by agent g mod 50: 5–59 s after the request, one agent reply 3–122 s after
 *   the accept, ended 1–31 min later; every tenth chat was first declined by the next agent;
 * - 2 of 20 are missed after an expired offer; 1 of 20 is missed with no agent online (no offer).
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { CompiledQuery, Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import { migrateToLatest } from '../server/db/migrate.ts';
import type { DB, Db } from '../server/db/schema.ts';
import { openSqlite } from '../server/db/sqlite.ts';
import { readLiveDesk } from '../server/services/live-desk.ts';
import { createPresence, NODE_TTL_MS } from '../server/services/presence.ts';
import { calendarDaysBetween } from '../protocol/reports.ts';
import { liveChatFacts } from '../server/db/chat-facts.ts';
import { chatFigures, type ChatListRow } from '../server/services/report-figures.ts';
import { buildReport, reportQueries } from '../server/services/reports.ts';

const { values: args } = parseArgs({
  options: {
    chats: { type: 'string', default: '1000000' },
    runs: { type: 'string', default: '3' },
    'sqlite-only': { type: 'boolean', default: false },
    'pg-only': { type: 'boolean', default: false },
  },
});
const N = Number(args.chats);
const RUNS = Number(args.runs);
const AGENTS = 50;
const VISITORS = Math.min(100_000, N);
const END = Date.parse('2026-01-01T00:00:00Z');
const SPAN = 365 * 86_400_000;
const START = END - SPAN;
const ADMIN = { role: 'admin' as const };
const RANGES = [
  { name: '30 days', range: { from: '2025-12-02', to: '2026-01-01', timeZone: 'Europe/Berlin' } },
  { name: '365 days', range: { from: '2025-01-01', to: '2026-01-01', timeZone: 'Europe/Berlin' } },
];
const REPORT_INDEXES = [
  'chat_facts_created',
  'conversations_open_created',
  'conversations_created',
  'offers_chat_created',
  'offers_outcome',
  'messages_agent_first',
  'conversations_ended',
];

const ms = (from: bigint) => Number(process.hrtime.bigint() - from) / 1e6;

// ---------- SQLite: prepared statements in one transaction per table ----------
function seedSqlite(file: string): void {
  const raw = openSqlite(file);
  const run = (q: string, p: unknown[] = []) => raw.prepare(q).run(p);
  run('begin');
  const agent = raw.prepare(
    `insert into users (id, email, name, role, password_hash, disabled, available, active_chats, pending_offers, last_offered_at, created_at, manual_until, schedule, availability_until)
     values (?, ?, ?, 'agent', 'x', 0, 1, 0, 0, 0, 0, 0, null, null)`,
  );
  for (let a = 0; a < AGENTS; a++) agent.run([`agent-${a}`, `agent${a}@bench.test`, `Agent ${a}`]);
  const visitor = raw.prepare('insert into visitors (id, name, created_at) values (?, ?, ?)');
  for (let v = 0; v < VISITORS; v++) visitor.run([`v${v}`, `Visitor ${v}`, START]);
  const conversation = raw.prepare(
    `insert into conversations (id, visitor_id, agent_id, status, last_seq, created_at, ended_at, ended_by, offers_made)
     values (?, ?, ?, ?, ?, ?, ?, 'system', ?)`,
  );
  const offer = raw.prepare(
    'insert into offers (id, conversation_id, agent_id, status, created_at, expires_at, ended_at, chat_created_at) values (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const message = raw.prepare(
    `insert into messages (id, conversation_id, seq, client_id, author, author_name, body, created_at) values (?, ?, 1, ?, 'agent', 'Agent', 'Hello', ?)`,
  );
  const fact = raw.prepare(
    'insert into chat_facts (conversation_id, created_at, status, accepted_at, accepted_by, replied_at, ended_at) values (?, ?, ?, ?, ?, ?, ?)',
  );
  for (let g = 1; g <= N; g++) {
    const c = chatOf(g);
    conversation.run([`c${g}`, `v${g % VISITORS}`, c.agent, c.status, c.replyAt === null ? 0 : 1, c.createdAt, c.endedAt, c.offers.length]);
    c.offers.forEach((o, i) => offer.run([`o${g}-${i}`, `c${g}`, o.agent, o.status, o.createdAt, o.createdAt + 45_000, o.endedAt, c.createdAt]));
    if (c.replyAt !== null) message.run([`m${g}`, `c${g}`, `m${g}`, c.replyAt]);
    const accepted = c.offers.find((o) => o.status === 'accepted');
    fact.run([`c${g}`, c.createdAt, c.status, accepted?.endedAt ?? null, accepted?.agent ?? null, c.replyAt, c.endedAt]);
  }
  run('commit');
  run('analyze');
  raw.close();
}

interface BenchChat {
  agent: string | null;
  status: 'ended' | 'missed';
  createdAt: number;
  endedAt: number;
  replyAt: number | null;
  offers: Array<{ agent: string; status: string; createdAt: number; endedAt: number }>;
}

/** Chat g of the data set; the PostgreSQL seed below computes the same in SQL. */
function chatOf(g: number): BenchChat {
  const createdAt = START + Math.floor(((g - 1) * SPAN) / N);
  const agent = `agent-${g % AGENTS}`;
  const kind = g % 20;
  if (kind === 19) return { agent: null, status: 'missed', createdAt, endedAt: createdAt, replyAt: null, offers: [] };
  if (kind >= 17) {
    const endedAt = createdAt + 45_000;
    return { agent: null, status: 'missed', createdAt, endedAt, replyAt: null, offers: [{ agent, status: 'expired', createdAt, endedAt }] };
  }
  const acceptedAt = createdAt + 5_000 + (g % 55) * 1_000;
  const declined = g % 10 === 0 ? [{ agent: `agent-${(g + 1) % AGENTS}`, status: 'declined', createdAt, endedAt: createdAt + 2_000 }] : [];
  return {
    agent,
    status: 'ended',
    createdAt,
    endedAt: acceptedAt + 60_000 + (g % 1_800) * 1_000,
    replyAt: acceptedAt + 3_000 + (g % 120) * 1_000,
    offers: [...declined, { agent, status: 'accepted', createdAt: declined.length ? createdAt + 2_000 : createdAt, endedAt: acceptedAt }],
  };
}

// ---------- PostgreSQL: generate_series, one statement per table ----------
async function seedPostgres(db: Db): Promise<void> {
  const n = sql.lit(N);
  const created = sql`(${sql.lit(START)}::bigint + ((g - 1)::bigint * ${sql.lit(SPAN)}::bigint) / ${n})`;
  const accepted = sql`(${created} + 5000 + (g % 55) * 1000)`;
  await db.transaction().execute(async (trx) => {
    await sql`insert into users (id, email, name, role, password_hash, disabled, available, active_chats, pending_offers, last_offered_at, created_at, manual_until)
      select 'agent-' || a, 'agent' || a || '@bench.test', 'Agent ' || a, 'agent', 'x', 0, 1, 0, 0, 0, 0, 0 from generate_series(0, ${sql.lit(AGENTS - 1)}) a`.execute(trx);
    await sql`insert into visitors (id, name, created_at) select 'v' || v, 'Visitor ' || v, ${sql.lit(START)} from generate_series(0, ${sql.lit(VISITORS - 1)}) v`.execute(trx);
    await sql`insert into conversations (id, visitor_id, agent_id, status, last_seq, created_at, ended_at, ended_by, offers_made)
      select 'c' || g, 'v' || (g % ${sql.lit(VISITORS)}),
        case when g % 20 < 17 then 'agent-' || (g % 50) end,
        case when g % 20 < 17 then 'ended' else 'missed' end,
        case when g % 20 < 17 then 1 else 0 end,
        ${created},
        case when g % 20 = 19 then ${created} when g % 20 >= 17 then ${created} + 45000 else ${accepted} + 60000 + (g % 1800) * 1000 end,
        'system',
        case when g % 20 = 19 then 0 when g % 20 >= 17 then 1 when g % 10 = 0 then 2 else 1 end
      from generate_series(1, ${n}) g`.execute(trx);
    await sql`insert into offers (id, conversation_id, agent_id, status, created_at, expires_at, ended_at, chat_created_at)
      select 'o' || g || '-0', 'c' || g, 'agent-' || ((g + 1) % 50), 'declined', ${created}, ${created} + 45000, ${created} + 2000, ${created}
        from generate_series(1, ${n}) g where g % 10 = 0
      union all
      select 'o' || g || case when g % 10 = 0 then '-1' else '-0' end, 'c' || g, 'agent-' || (g % 50), 'accepted',
        ${created} + case when g % 10 = 0 then 2000 else 0 end, ${created} + case when g % 10 = 0 then 47000 else 45000 end, ${accepted}, ${created}
        from generate_series(1, ${n}) g where g % 20 < 17
      union all
      select 'o' || g || '-0', 'c' || g, 'agent-' || (g % 50), 'expired', ${created}, ${created} + 45000, ${created} + 45000, ${created}
        from generate_series(1, ${n}) g where g % 20 in (17, 18)`.execute(trx);
    await sql`insert into messages (id, conversation_id, seq, client_id, author, author_name, body, created_at)
      select 'm' || g, 'c' || g, 1, 'm' || g, 'agent', 'Agent', 'Hello', ${accepted} + 3000 + (g % 120) * 1000
      from generate_series(1, ${n}) g where g % 20 < 17`.execute(trx);
    await sql`insert into chat_facts (conversation_id, created_at, status, accepted_at, accepted_by, replied_at, ended_at)
      select 'c' || g, ${created},
        case when g % 20 < 17 then 'ended' else 'missed' end,
        case when g % 20 < 17 then ${accepted} end,
        case when g % 20 < 17 then 'agent-' || (g % 50) end,
        case when g % 20 < 17 then ${accepted} + 3000 + (g % 120) * 1000 end,
        case when g % 20 = 19 then ${created} when g % 20 >= 17 then ${created} + 45000 else ${accepted} + 60000 + (g % 1800) * 1000 end
      from generate_series(1, ${n}) g`.execute(trx);
  });
  // as autovacuum would have by now: statistics, and the visibility map that lets index-only scans skip the table
  await sql`vacuum analyze`.execute(db);
}

// ---------- timing and plans ----------
const readsTable = (line: string) => /\b(SCAN|SEARCH)\b|Scan on|Scan using|Index Cond/.test(line) && !/Subquery Scan/.test(line);

async function plans(db: Db, kind: 'sqlite' | 'postgres'): Promise<void> {
  const { chats, offers, ratings } = reportQueries(db, RANGES[1]!.range);
  for (const [name, compiled] of [
    ['chats', chats.compile()],
    ['offers', offers.compile()],
    ['ratings', ratings.compile()],
  ] as const) {
    const explain = kind === 'sqlite' ? 'explain query plan ' : 'explain ';
    const result = await db.executeQuery(CompiledQuery.raw(explain + compiled.sql, [...compiled.parameters]));
    const lines = result.rows.map((r) => String((r as Record<string, unknown>).detail ?? (r as Record<string, unknown>)['QUERY PLAN']));
    const used = REPORT_INDEXES.filter((index) => lines.some((line) => line.includes(index)));
    console.log(`  plan of the ${name} statement (365 days) — report indexes used: ${used.join(', ') || 'none'}`);
    // the steps that read tables; the rest (sorts, aggregates, the union) works on what they read
    for (const line of lines.filter(readsTable)) console.log(`    ${line.trim()}`);
  }
}

async function time(label: string, fn: () => Promise<unknown>): Promise<void> {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = process.hrtime.bigint();
    await fn();
    times.push(ms(t));
  }
  times.sort((a, b) => a - b);
  const spread = times.at(-1)! / times[0]!;
  console.log(
    `  ${label.padEnd(30)} best ${times[0]!.toFixed(0).padStart(6)} ms   median ${times[Math.floor(times.length / 2)]!.toFixed(0).padStart(6)} ms   worst/best ${spread.toFixed(2)}   (${RUNS} runs)`,
  );
}

/** One statement as the report runs it: on PostgreSQL in a transaction without the JIT. */
function runStatement(db: Db, kind: 'sqlite' | 'postgres', query: { compile(): CompiledQuery }): Promise<unknown[]> {
  if (kind === 'sqlite') return db.executeQuery(query.compile()).then((r) => r.rows);
  return db.transaction().execute(async (trx) => {
    await sql`set local jit = off`.execute(trx);
    return (await trx.executeQuery(query.compile())).rows;
  });
}

/** The seeded facts of a sample of chats, against what the lookups the end path uses compute from their rows. */
async function checkFacts(db: Db): Promise<void> {
  const ids = Array.from({ length: 1_000 }, (_, i) => `c${1 + Math.floor((i * N) / 1_000)}`);
  const columns = ['created_at', 'status', 'accepted_at', 'accepted_by', 'replied_at', 'ended_at'] as const;
  const stored = await db.selectFrom('chat_facts as c').select(['c.conversation_id', ...columns.map((k) => `c.${k}` as const)]).where('c.conversation_id', 'in', ids).execute();
  const live = await liveChatFacts(db).select('c.id').where('c.id', 'in', ids).execute();
  const byId = new Map(live.map((row) => [row.id, row]));
  const differ = stored.filter((row) => columns.some((k) => String(row[k]) !== String(byId.get(row.conversation_id)?.[k])));
  if (stored.length !== ids.length || differ.length > 0) throw new Error(`seeded facts differ from the live lookups: ${differ.length} of ${stored.length}`);
  console.log(`  facts of ${ids.length} sampled chats equal the live lookups`);
}

async function measure(db: Db, kind: 'sqlite' | 'postgres'): Promise<void> {
  const counts = await Promise.all(
    (['conversations', 'offers', 'messages', 'chat_facts'] as const).map(async (table) => {
      const row = await db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
      return `${Number(row.n).toLocaleString('en')} ${table}`;
    }),
  );
  console.log(`  stored: ${counts.join(', ')}`);
  await checkFacts(db);
  for (const { name, range } of RANGES) {
    const report = await buildReport(db, ADMIN, range);
    console.log(`  ${name}: ${report.totals.requested.toLocaleString('en')} chats requested, ${report.totals.offered.toLocaleString('en')} offers, p50 accept ${report.totals.timeToAccept.p50} ms`);
    const { firstDay, chats, offers, ratings } = reportQueries(db, range);
    let chatRows: unknown[] = [];
    await time(`chats statement, ${name}`, async () => (chatRows = await runStatement(db, kind, chats)));
    const days = calendarDaysBetween(range.from, range.to);
    await time(`hours, percentiles in Node, ${name}`, async () => chatFigures(chatRows as ChatListRow[], firstDay, days));
    await time(`offers statement, ${name}`, () => runStatement(db, kind, offers));
    await time(`ratings statement, ${name}`, () => runStatement(db, kind, ratings));
    await time(`report, ${name}`, () => buildReport(db, ADMIN, range));
  }
  const clock = { now: () => END };
  const presence = createPresence(db, clock, { graceMs: 60_000, nodeTtlMs: NODE_TTL_MS });
  await time('live desk', () => readLiveDesk({ db, clock, presence, config: { maxChatsPerAgent: 10 } }, ADMIN, { timeZone: 'Europe/Berlin' }));
  await plans(db, kind);
}

console.log(`Report bench: ${N.toLocaleString('en')} chats, node ${process.version}`);

if (!args['pg-only']) {
  const dir = await mkdtemp(join(tmpdir(), 'switchboard-bench-reports-'));
  const file = join(dir, 'reports.sqlite');
  try {
    const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: openSqlite(file) }) });
    await migrateToLatest(db);
    await db.destroy();
    const t = process.hrtime.bigint();
    seedSqlite(file);
    console.log(`\nSQLite (seeded in ${(ms(t) / 1000).toFixed(1)} s)`);
    const reader = new Kysely<DB>({ dialect: new SqliteDialect({ database: openSqlite(file) }) });
    await measure(reader, 'sqlite');
    await reader.destroy();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const pgUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
if (pgUrl && !args['sqlite-only']) {
  const schema = `bench_${randomUUID().replaceAll('-', '')}`;
  const admin = new pg.Client({ connectionString: pgUrl });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  const pool = new pg.Pool({
    connectionString: pgUrl,
    options: `-c search_path=${schema}`,
    types: { getTypeParser: ((oid: number, format?: 'text' | 'binary') => (oid === 20 ? Number : pg.types.getTypeParser(oid, format))) as typeof pg.types.getTypeParser },
  });
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  try {
    await migrateToLatest(db, schema);
    const t = process.hrtime.bigint();
    await seedPostgres(db);
    console.log(`\nPostgreSQL (seeded in ${(ms(t) / 1000).toFixed(1)} s)`);
    await measure(db, 'postgres');
  } finally {
    await db.destroy();
    await admin.query(`drop schema ${schema} cascade`);
    await admin.end();
  }
} else if (!args['sqlite-only']) {
  console.log('\nPostgreSQL: skipped (set BENCH_DATABASE_URL or TEST_DATABASE_URL)');
}
