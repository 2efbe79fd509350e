/**
 * Reports over a range of days in a time zone (SPEC R24): chats requested and missed, offers made and
 * how they ended, waits and chat lengths as nearest-rank percentiles, and the busiest hours. Two
 * statements whatever the range: the database counts, ranks and picks the percentiles, and only
 * figures per hour, day or agent come back — never one row per chat.
 *
 * A chat's figures belong to the day its visitor requested it; offers, accepts and ends that happen
 * later are still counted on that day (see protocol/reports.ts for each figure's definition).
 */
import { PostgresAdapter, sql, type ExpressionBuilder, type RawBuilder } from 'kysely';
import { CommandError } from '../../protocol/ack.ts';
import type { Role } from '../../protocol/dto.ts';
import {
  reportRangeSchema,
  type AgentReport,
  type DayReport,
  type Percentiles,
  type ReportCounts,
  type ReportDTO,
  type ReportRangeInput,
  type ReportRatings,
  type ReportTimings,
} from '../../protocol/reports.ts';
import type { DB, Db } from '../db/schema.ts';
import { DAY_MS, HOUR_MS, dateOfDayNumber, localMsSql, nextDate, offsetSpans, startOfDate, weekdayOfDayNumber, type OffsetSpan } from './local-time.ts';

export { reportToCsv } from './report-csv.ts';

/** Reports show every agent's work: admins only. */
export function requireAdmin(viewer: { role: Role }): void {
  if (viewer.role !== 'admin') throw new CommandError('forbidden');
}

const TIMINGS = ['timeToAccept', 'timeToFirstReply', 'chatLength'] as const;
type Timing = (typeof TIMINGS)[number];
type Grouping = 'day' | 'agent' | 'all';

/** One row of the figures statement: a count per local hour, or a timing's percentiles per day, agent or overall. */
interface FigureRow {
  kind: 'hour' | Grouping;
  k: string;
  metric: 'requested' | 'missed' | Timing;
  n: number | string;
  p50: number | string | null;
  p90: number | string | null;
}

function acceptedOffer(eb: ExpressionBuilder<DB, 'conversations'>) {
  return eb
    .selectFrom('offers as o')
    .whereRef('o.conversation_id', '=', 'conversations.id')
    .where('o.status', '=', sql.lit('accepted'))
    .orderBy('o.ended_at')
    .limit(1);
}

/** Each chat requested in [start, end): its local hour number, status, and the times its timings come from. */
function chatsInRange(db: Db, start: number, end: number, spans: readonly OffsetSpan[]) {
  return db
    .selectFrom('conversations')
    .select((eb) => [
      sql<number>`${localMsSql(eb.ref('conversations.created_at'), spans)} / ${sql.lit(HOUR_MS)}`.as('hour'),
      'conversations.created_at',
      'conversations.status',
      'conversations.ended_at',
      acceptedOffer(eb).select('o.ended_at').as('accepted_at'),
      acceptedOffer(eb).select('o.agent_id').as('accepted_by'),
      eb
        .selectFrom('messages as m')
        .select((m) => m.fn.min('m.created_at').as('first'))
        .whereRef('m.conversation_id', '=', 'conversations.id')
        .where('m.author', '=', sql.lit('agent'))
        // an internal note is no reply: the visitor never sees it
        .where('m.note', '=', sql.lit(0))
        .as('replied_at'),
    ])
    .where('conversations.created_at', '>=', start)
    .where('conversations.created_at', '<', end);
}

const GROUP_KEYS: Record<Grouping, RawBuilder<string>> = {
  day: sql`cast(hour / 24 as text)`,
  agent: sql`accepted_by`,
  all: sql`'all'`,
};

/** Null unless the chat was accepted (and, for its length, ended); the first agent message never precedes the first accept. */
const TIMING_VALUES: Record<Timing, RawBuilder<number | null>> = {
  timeToAccept: sql`accepted_at - created_at`,
  timeToFirstReply: sql`replied_at - accepted_at`,
  chatLength: sql`case when status = 'ended' then ended_at - accepted_at end`,
};

/**
 * Nearest rank: of n sorted values the one at rank ⌈p·n/100⌉, in integer arithmetic on both
 * databases. Both windows share one ordering, so each arm sorts once; ranks by row number cost the
 * same however many values tie (PostgreSQL's cume_dist walks every tie again for each row).
 */
function percentileArm(grouping: Grouping, timing: Timing): RawBuilder<FigureRow> {
  const key = GROUP_KEYS[grouping];
  const value = TIMING_VALUES[timing];
  return sql`select ${sql.lit(grouping)} as kind, k, ${sql.lit(timing)} as metric, max(n) as n,
      max(case when rn = (50 * n + 99) / 100 then v end) as p50,
      max(case when rn = (90 * n + 99) / 100 then v end) as p90
    from (select ${key} as k, ${value} as v,
            row_number() over (partition by ${key} order by ${value}) as rn,
            count(*) over (partition by ${key} order by ${value} rows between unbounded preceding and unbounded following) as n
          from chats where ${value} is not null) as ranked
    group by k`;
}

const HOUR_ARMS: RawBuilder<FigureRow>[] = [
  sql`select 'hour' as kind, cast(hour as text) as k, 'requested' as metric, count(*) as n, cast(null as bigint) as p50, cast(null as bigint) as p90 from chats group by hour`,
  sql`select 'hour' as kind, cast(hour as text) as k, 'missed' as metric, count(*) as n, cast(null as bigint) as p50, cast(null as bigint) as p90
    from chats where status in ('missed', 'ended') and accepted_at is null group by hour`,
];

/** The statement of every count per local hour and every percentile; the chats are read once and every arm works on that copy. */
function figuresQuery(db: Db, start: number, end: number, spans: readonly OffsetSpan[]): RawBuilder<FigureRow> {
  const arms = [...HOUR_ARMS, ...(['day', 'agent', 'all'] as const).flatMap((g) => TIMINGS.map((t) => percentileArm(g, t)))];
  // a nested query brings its own parentheses
  return sql<FigureRow>`with chats as materialized ${chatsInRange(db, start, end, spans)}
    ${sql.join(arms, sql` union all `)}`;
}

interface OfferRow {
  day: number | string;
  agent_id: string;
  status: string;
  n: number | string;
}

/** Offers of the chats requested in [start, end), counted per request day, agent and outcome. */
function offerCountsQuery(db: Db, start: number, end: number, spans: readonly OffsetSpan[]) {
  const day = sql<number>`${localMsSql(sql.ref('c.created_at'), spans)} / ${sql.lit(DAY_MS)}`;
  return db
    .selectFrom('offers as o')
    .innerJoin('conversations as c', 'c.id', 'o.conversation_id')
    .select((eb) => [day.as('day'), 'o.agent_id', 'o.status', eb.fn.countAll<number>().as('n')])
    .where('c.created_at', '>=', start)
    .where('c.created_at', '<', end)
    .groupBy([day, 'o.agent_id', 'o.status'])
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

/** The range's instants and the report's statements (exported for the bench's query plans). */
export function reportQueries(db: Db, range: ReportRangeInput) {
  const start = startOfDate(range.from, range.timeZone);
  const end = startOfDate(range.to, range.timeZone);
  const spans = offsetSpans(start, end, range.timeZone);
  return {
    start,
    spans,
    figures: figuresQuery(db, start, end, spans),
    offers: offerCountsQuery(db, start, end, spans),
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
 * Runs the report's statements on one snapshot. On PostgreSQL without its JIT: the correlated lookups
 * make the planner's estimate large enough to compile the statement to machine code, which took
 * seconds — far longer than running it (see docs/BENCHMARKS.md, Reports).
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
  const { start, spans, figures, offers, ratings } = reportQueries(db, parsed.data);
  const [figureRows, offerRows, ratingRows] = await onOneSnapshot(
    db,
    async (q) => [(await figures.execute(q)).rows, (await q.executeQuery(offers)).rows, (await q.executeQuery(ratings)).rows] as const,
  );

  type Tallied<T> = Omit<T, 'ratings'> & RatingTally;
  const days = new Map<number, Tallied<DayReport>>();
  const firstDay = Math.floor((start + spans[0]!.offsetMs) / DAY_MS);
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

  for (const row of figureRows) {
    const n = Number(row.n);
    if (row.kind === 'hour') {
      const hour = Number(row.k);
      const day = days.get(Math.floor(hour / 24));
      if (!day) throw new Error(`hour ${hour} lies outside the report's days`);
      if (row.metric === 'requested') {
        day.requested += n;
        totals.requested += n;
        heatmap[weekdayOfDayNumber(Math.floor(hour / 24))]![hour % 24]! += n;
      } else {
        day.missed += n;
        totals.missed += n;
      }
      continue;
    }
    const percentiles: Percentiles = { n, p50: numberOrNull(row.p50), p90: numberOrNull(row.p90) };
    const timing = row.metric as Timing;
    if (row.kind === 'all') totals[timing] = percentiles;
    else if (row.kind === 'day') days.get(Number(row.k))![timing] = percentiles;
    else agentOf(row.k)[timing] = percentiles;
  }
  for (const row of offerRows) {
    const n = Number(row.n);
    addOffers(totals, row.status, n);
    addOffers(days.get(Number(row.day))!, row.status, n);
    addOffers(agentOf(row.agent_id), row.status, n);
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
