/**
 * A report's figures of the chats themselves, from one row per chat: requests and misses per local
 * hour, and nearest-rank percentiles of three timings per day, per agent and overall. Computed here
 * rather than by window functions in the database: a year of a busy desk is a million rows, which
 * typed arrays bucket by group in one pass and sort natively, group by group.
 */
import type { Percentiles, ReportTimings } from '../../protocol/reports.ts';
import { HOUR_MS, localMs, type OffsetSpan } from './local-time.ts';

export type Timing = keyof ReportTimings;
export const TIMINGS: readonly Timing[] = ['timeToAccept', 'timeToFirstReply', 'chatLength'];

/** A chat's facts (db/chat-facts.ts); PostgreSQL may hand integers over as text. */
export interface ChatFactRow {
  created_at: number | string;
  status: string;
  accepted_at: number | string | null;
  accepted_by: string | null;
  replied_at: number | string | null;
  ended_at: number | string | null;
}

export interface TimingPercentiles {
  /** by day of the range, the first day first */
  byDay: Percentiles[];
  /** by agent, in the order of `ChatFigures.agentIds` */
  byAgent: Percentiles[];
  all: Percentiles;
}

export interface ChatFigures {
  /** chats requested and missed per local hour of the range, the first day's first hour first */
  requested: Int32Array;
  missed: Int32Array;
  /** the agents who accepted a chat first */
  agentIds: string[];
  timings: Record<Timing, TimingPercentiles>;
}

const num = (v: number | string | null): number => (v === null ? Number.NaN : Number(v));

/**
 * Nearest rank per group: of n sorted values the one at rank ⌈p·n/100⌉. NaN (no value) and group −1
 * (no group) are left out.
 */
function percentilesBy(values: Float64Array, groupOf: (i: number) => number, groups: number): Percentiles[] {
  const starts = new Int32Array(groups + 1);
  for (let i = 0; i < values.length; i++) {
    const g = groupOf(i);
    if (g >= 0 && !Number.isNaN(values[i]!)) starts[g + 1]!++;
  }
  for (let g = 0; g < groups; g++) starts[g + 1]! += starts[g]!;
  const bucketed = new Float64Array(starts[groups]!);
  const next = starts.slice(0, groups);
  for (let i = 0; i < values.length; i++) {
    const g = groupOf(i);
    if (g >= 0 && !Number.isNaN(values[i]!)) bucketed[next[g]!++] = values[i]!;
  }
  return Array.from({ length: groups }, (_, g) => {
    const sorted = bucketed.subarray(starts[g]!, starts[g + 1]!).sort();
    const n = sorted.length;
    if (n === 0) return { n, p50: null, p90: null };
    return { n, p50: sorted[Math.floor((50 * n + 99) / 100) - 1]!, p90: sorted[Math.floor((90 * n + 99) / 100) - 1]! };
  });
}

/** The figures of the chats of `days` local days from local day number `firstDay`, whose instants the spans cover. */
export function chatFigures(rows: readonly ChatFactRow[], spans: readonly OffsetSpan[], firstDay: number, days: number): ChatFigures {
  const n = rows.length;
  const requested = new Int32Array(days * 24);
  const missed = new Int32Array(days * 24);
  const dayOf = new Int32Array(n);
  const agentOf = new Int32Array(n);
  const agentIds: string[] = [];
  const agentIndex = new Map<string, number>();
  const values: Record<Timing, Float64Array> = {
    timeToAccept: new Float64Array(n),
    timeToFirstReply: new Float64Array(n),
    chatLength: new Float64Array(n),
  };
  for (let i = 0; i < n; i++) {
    const row = rows[i]!;
    const created = Number(row.created_at);
    const hour = Math.floor(localMs(created, spans) / HOUR_MS) - firstDay * 24;
    if (hour < 0 || hour >= requested.length) throw new Error(`a chat of ${created} lies outside the report's days`);
    const acceptedAt = num(row.accepted_at);
    requested[hour]!++;
    // final without anyone accepting: nobody took it, or the visitor left waiting
    if ((row.status === 'missed' || row.status === 'ended') && row.accepted_at === null) missed[hour]!++;
    dayOf[i] = Math.floor(hour / 24);
    let agent = -1;
    if (row.accepted_by !== null) {
      agent = agentIndex.get(row.accepted_by) ?? -1;
      if (agent < 0) agentIndex.set(row.accepted_by, (agent = agentIds.push(row.accepted_by) - 1));
    }
    agentOf[i] = agent;
    // NaN unless accepted (and, for its length, ended): the first agent reply never precedes the first accept
    values.timeToAccept[i] = acceptedAt - created;
    values.timeToFirstReply[i] = num(row.replied_at) - acceptedAt;
    values.chatLength[i] = row.status === 'ended' ? num(row.ended_at) - acceptedAt : Number.NaN;
  }
  const timings = {} as Record<Timing, TimingPercentiles>;
  for (const timing of TIMINGS) {
    const v = values[timing];
    timings[timing] = {
      byDay: percentilesBy(v, (i) => dayOf[i]!, days),
      byAgent: percentilesBy(v, (i) => agentOf[i]!, agentIds.length),
      all: percentilesBy(v, () => 0, 1)[0]!,
    };
  }
  return { requested, missed, agentIds, timings };
}
