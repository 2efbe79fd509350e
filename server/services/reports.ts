/**
 * Reports over a range of days in a time zone (SPEC R24): chats requested and missed, offers made and
 * how they ended, waits and chat lengths as nearest-rank percentiles, and the busiest hours. Three
 * statements whatever the range, each returning figures per day and agent, never a row per chat: the
 * chats' hours and timings as lists, from the chats' facts (db/chat-facts.ts), then offers and ratings
 * counted. report-figures.ts counts the hours and picks the percentiles from the lists — cheaper in
 * Node than nine window passes in SQL (docs/BENCHMARKS.md).
 *
 * A chat's figures belong to the day its visitor requested it; offers, accepts and ends that happen
 * later are still counted on that day (see protocol/reports.ts for each figure's definition).
 */
import { PostgresAdapter, sql, type RawBuilder } from 'kysely';
import { CommandError } from '../../protocol/ack.ts';
import type { ConversationStatus, Role } from '../../protocol/dto.ts';
import {
  reportRangeSchema,
  type AgentReport,
  type DayReport,
  type ReportCounts,
  type ReportDTO,
  type ReportRangeInput,
  type ReportRatings,
  type ReportTimings,
} from '../../protocol/reports.ts';
import { liveChatFacts, OPEN_STATUS } from '../db/chat-facts.ts';
import type { ChatFactsTable, Db } from '../db/schema.ts';
import { DAY_MS, HOUR_MS, localMsSql, nextDate, offsetSpans, startOfDate, weekdayOfDayNumber, type OffsetSpan } from './local-time.ts';
import { chatFigures, TIMINGS, type ChatListRow } from './report-figures.ts';

export { reportToCsv } from './report-csv.ts';

/** Reports show every agent's work: admins only. */
export function requireAdmin(viewer: { role: Role }): void {
  if (viewer.role !== 'admin') throw new CommandError('forbidden');
}

/**
 * Each chat requested in [start, end): the facts of a final one as written when it ended, those of one
 * still open (few) from its rows now. Each statement reading it sees a chat once, final or open.
 */
function chatsInRange(db: Db, start: number, end: number) {
  const final = db
    .selectFrom('chat_facts as c')
    .select(['c.created_at', 'c.status', 'c.accepted_at', 'c.accepted_by', 'c.replied_at', 'c.ended_at'])
    .where('c.created_at', '>=', start)
    .where('c.created_at', '<', end);
  const open = liveChatFacts(db).where(OPEN_STATUS).where('c.created_at', '>=', start).where('c.created_at', '<', end);
  return final.$castTo<ChatFact>().unionAll(open.$castTo<ChatFact>());
}
type ChatFact = Omit<ChatFactsTable, 'conversation_id' | 'status'> & { status: ConversationStatus };

/** A comma-separated list of the group's values (nulls left out), in the database's own aggregate. */
function listOf(db: Db, value: RawBuilder<number | string | null>): RawBuilder<string | null> {
  return db.getExecutor().adapter instanceof PostgresAdapter ? sql`string_agg(cast(${value} as text), ',')` : sql`group_concat(${value})`;
}

/**
 * The chats per request day and first-accepting agent (null: none yet), some 18,000 rows for a year of
 * 50 agents instead of a million, each with lists: every chat's local hour of the day, that of the ones
 * final without an accept (missed), and the three timings of the accepted ones. One scan and one
 * grouping of the range serve the hour counts and the percentiles, which Node computes from the lists.
 */
function chatListsQuery(db: Db, start: number, end: number, spans: readonly OffsetSpan[]) {
  const local = localMsSql(sql.ref('chats.created_at'), spans);
  const day = sql<number>`${local} / ${sql.lit(DAY_MS)}`;
  const hour = sql<number>`${local} / ${sql.lit(HOUR_MS)} % 24`;
  return db
    .selectFrom(chatsInRange(db, start, end).as('chats'))
    .select([
      day.as('day'),
      'chats.accepted_by',
      listOf(db, hour).as('hours'),
      listOf(db, sql`case when chats.status in ('missed', 'ended') and chats.accepted_at is null then ${hour} end`).as('missedHours'),
      // null when not accepted (null minus anything is null)
      listOf(db, sql`chats.accepted_at - chats.created_at`).as('timeToAccept'),
      // the first agent reply never precedes the first accept
      listOf(db, sql`chats.replied_at - chats.accepted_at`).as('timeToFirstReply'),
      listOf(db, sql`case when chats.status = 'ended' then chats.ended_at - chats.accepted_at end`).as('chatLength'),
    ])
    .groupBy([day, 'chats.accepted_by'])
    .$castTo<ChatListRow>();
}

/** One local day's offers: "agent status count" per agent and outcome, comma-separated; null for none. */
interface OfferRow {
  day: number | string;
  counts: string | null;
}

/**
 * Offers of the chats requested in [start, end), counted per request day, agent and outcome from
 * `offers_chat_created` (each offer carries its chat's request time). Counted a day at a time: SQLite
 * groups by sorting, and sorting each day's few thousand offers apart took half the time of sorting a
 * year's million at once (docs/BENCHMARKS.md); PostgreSQL runs the same per-day range scans.
 */
function offerCountsQuery(db: Db, days: readonly { day: number; since: number; until: number }[]) {
  const rows = sql.join(days.map((d) => sql`(${sql.lit(d.day)}, ${sql.lit(d.since)}, ${sql.lit(d.until)})`));
  return db
    .with('days(day, since, until)', () => sql<{ day: number; since: number; until: number }>`(values ${rows})`)
    .selectFrom('days as d')
    .select((eb) => [
      'd.day',
      eb
        .selectFrom(
          eb
            .selectFrom('offers as o')
            .select((o) => ['o.agent_id', 'o.status', o.fn.countAll<number>().as('n')])
            .whereRef('o.chat_created_at', '>=', 'd.since')
            .whereRef('o.chat_created_at', '<', 'd.until')
            .groupBy(['o.agent_id', 'o.status'])
            .as('x'),
        )
        .select(listOf(db, sql`x.agent_id || ' ' || x.status || ' ' || x.n`).as('counts'))
        .as('counts'),
    ])
    .$castTo<OfferRow>();
}

interface RatingRow {
  day: number | string;
  agent_id: string | null;
  n: number | string;
  total: number | string;
}

/** Ratings of the chats requested in [start, end), counted and summed per request day and the agent the chat ended with. */
function ratingCountsQuery(db: Db, start: number, end: number, spans: readonly OffsetSpan[]) {
  const day = sql<number>`${localMsSql(sql.ref('c.created_at'), spans)} / ${sql.lit(DAY_MS)}`;
  return db
    .selectFrom('ratings as r')
    .innerJoin('conversations as c', 'c.id', 'r.conversation_id')
    .select((eb) => [day.as('day'), 'c.agent_id', eb.fn.countAll<number>().as('n'), eb.fn.sum<number>('r.score').as('total')])
    .where('c.created_at', '>=', start)
    .where('c.created_at', '<', end)
    .groupBy([day, 'c.agent_id'])
    .$castTo<RatingRow>();
}

/** Each local day of the range: its number and its first instant, and the next day's. */
function localDays(range: ReportRangeInput, firstDay: number) {
  const days = [];
  for (let date = range.from, day = firstDay; date < range.to; day++) {
    const next = nextDate(date);
    days.push({ day, since: startOfDate(date, range.timeZone), until: startOfDate(next, range.timeZone) });
    date = next;
  }
  return days;
}

/** The range's instants and the report's statements (exported for the bench's query plans). */
export function reportQueries(db: Db, range: ReportRangeInput) {
  const start = startOfDate(range.from, range.timeZone);
  const end = startOfDate(range.to, range.timeZone);
  const spans = offsetSpans(start, end, range.timeZone);
  /** the local day number of the range's first day */
  const firstDay = Math.floor((start + spans[0]!.offsetMs) / DAY_MS);
  return {
    spans,
    firstDay,
    chats: chatListsQuery(db, start, end, spans),
    offers: offerCountsQuery(db, localDays(range, firstDay)),
    ratings: ratingCountsQuery(db, start, end, spans),
  };
}

/** Sums of ratings while a report is put together; `average` is filled in at the end. */
interface RatingTally {
  ratings: { n: number; average: number | null };
  ratingTotal: number;
}
const noRatings = (): RatingTally => ({ ratings: { n: 0, average: null }, ratingTotal: 0 });
function addRatings(into: RatingTally, n: number, total: number): void {
  into.ratings.n += n;
  into.ratingTotal += total;
}
/** The mean to two decimals; drops the running total. */
function withAverage<T extends RatingTally>(row: T): Omit<T, 'ratingTotal'> {
  const { ratingTotal, ...rest } = row;
  const n = rest.ratings.n;
  return { ...rest, ratings: { n, average: n === 0 ? null : Math.round((ratingTotal / n) * 100) / 100 } };
}

type OfferCounts = Pick<ReportCounts, 'offered' | 'accepted' | 'declined' | 'timedOut'>;

const noOffers = (): OfferCounts => ({ offered: 0, accepted: 0, declined: 0, timedOut: 0 });
const noTimings = (): ReportTimings => ({
  timeToAccept: { n: 0, p50: null, p90: null },
  timeToFirstReply: { n: 0, p50: null, p90: null },
  chatLength: { n: 0, p50: null, p90: null },
});

function addOffers(into: OfferCounts, status: string, n: number): void {
  into.offered += n;
  if (status === 'accepted') into.accepted += n;
  if (status === 'declined') into.declined += n;
  // 'lapsed' ran out too, only while its agent had lost their connection
  if (status === 'expired' || status === 'lapsed') into.timedOut += n;
}

const numberOrNull = (v: number | string | null): number | null => (v === null ? null : Number(v));

async function agentNames(db: Db, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('users').select(['id', 'name']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

/**
 * Runs the report's statements on one snapshot, so offers and ratings are those of the chats read.
 * On PostgreSQL without its JIT: a year's estimate is large enough to compile the statements to
 * machine code, which took seconds — longer than running them (see docs/BENCHMARKS.md, Reports).
 */
function onOneSnapshot<T>(db: Db, fn: (q: Db) => Promise<T>): Promise<T> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return fn(db);
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (trx) => {
      await sql`set local jit = off`.execute(trx);
      return fn(trx);
    });
}

/** The report of the days [from, to) in the zone, for an admin. */
export async function buildReport(db: Db, viewer: { role: Role }, input: ReportRangeInput): Promise<ReportDTO> {
  requireAdmin(viewer);
  const parsed = reportRangeSchema.safeParse(input);
  if (!parsed.success) throw new CommandError('invalid_payload');
  const { from, to, timeZone } = parsed.data;
  const { firstDay, chats, offers, ratings } = reportQueries(db, parsed.data);
  const [chatRows, offerRows, ratingRows] = await onOneSnapshot(
    db,
    async (q) =>
      [
        (await q.executeQuery(chats)).rows,
        (await q.executeQuery(offers)).rows,
        (await q.executeQuery(ratings)).rows,
      ] as const,
  );

  type Tallied<T> = Omit<T, 'ratings'> & RatingTally;
  const days = new Map<number, Tallied<DayReport>>();
  for (let date = from, day = firstDay; date < to; date = nextDate(date), day++) {
    days.set(day, { date, requested: 0, missed: 0, ...noOffers(), ...noTimings(), ...noRatings() });
  }
  const totals: Tallied<ReportCounts & ReportTimings & ReportRatings> = { requested: 0, missed: 0, ...noOffers(), ...noTimings(), ...noRatings() };
  const agents = new Map<string, Tallied<Omit<AgentReport, 'agentName'>>>();
  const agentOf = (agentId: string) => {
    let row = agents.get(agentId);
    if (!row) agents.set(agentId, (row = { agentId, ...noOffers(), ...noTimings(), ...noRatings() }));
    return row;
  };
  const heatmap = Array.from({ length: 7 }, () => new Array<number>(24).fill(0));

  const figures = chatFigures(chatRows, firstDay, days.size);
  const dayRows = [...days.values()];
  for (let hour = 0; hour < figures.requested.length; hour++) {
    const requested = figures.requested[hour]!;
    const missed = figures.missed[hour]!;
    if (requested === 0) continue;
    const day = dayRows[Math.floor(hour / 24)]!;
    day.requested += requested;
    day.missed += missed;
    totals.requested += requested;
    totals.missed += missed;
    heatmap[weekdayOfDayNumber(firstDay + Math.floor(hour / 24))]![hour % 24]! += requested;
  }
  for (const timing of TIMINGS) {
    const { byDay, byAgent, all } = figures.timings[timing];
    totals[timing] = all;
    byDay.forEach((percentiles, d) => (dayRows[d]![timing] = percentiles));
    byAgent.forEach((percentiles, a) => {
      if (percentiles.n > 0) agentOf(figures.agentIds[a]!)[timing] = percentiles;
    });
  }
  for (const row of offerRows) {
    const day = days.get(Number(row.day))!;
    for (const count of row.counts?.split(',') ?? []) {
      // an agent id and a status hold neither spaces nor commas
      const [agentId, status, n] = count.split(' ') as [string, string, string];
      addOffers(totals, status, Number(n));
      addOffers(day, status, Number(n));
      addOffers(agentOf(agentId), status, Number(n));
    }
  }

  for (const row of ratingRows) {
    const n = Number(row.n);
    const total = Number(row.total);
    addRatings(totals, n, total);
    addRatings(days.get(Number(row.day))!, n, total);
    // a rated chat always had an agent (a missed one cannot be rated)
    if (row.agent_id) addRatings(agentOf(row.agent_id), n, total);
  }

  const names = await agentNames(db, [...agents.keys()]);
  return {
    from,
    to,
    timeZone,
    totals: withAverage(totals),
    days: [...days.values()].map(withAverage),
    agents: [...agents.values()]
      .map(withAverage)
      .map((a) => ({ ...a, agentName: names.get(a.agentId) ?? a.agentId }))
      .sort((a, b) => a.agentName.localeCompare(b.agentName) || a.agentId.localeCompare(b.agentId)),
    heatmap,
  };
}
