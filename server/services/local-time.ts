/**
 * Wall-clock days and hours of a time zone, for queries that group stored instants (epoch ms) by them
 * on SQLite and PostgreSQL alike. Neither database is asked about zones: Temporal resolves the zone's
 * rules into the few spans of constant UTC offset a range holds (two a year where clocks change), and
 * the query adds each instant's offset — local epoch ms, whose whole days and hours are wall-clock ones.
 */
import { sql, type Expression, type RawBuilder } from 'kysely';
import { Temporal } from 'temporal-polyfill';

export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;
const EPOCH_DATE = Temporal.PlainDate.from('1970-01-01');

/** From `until` on (and before the next span's `until`), instants are `offsetMs` ahead of UTC in the zone. */
export interface OffsetSpan {
  /** the first instant of the span; the first span starts at the range's start */
  since: number;
  offsetMs: number;
}

/** The first instant of a calendar date in the zone (the day's start may not be midnight where clocks change at 00:00). */
export function startOfDate(date: string, timeZone: string): number {
  return Temporal.PlainDate.from(date).toZonedDateTime({ timeZone }).epochMilliseconds;
}

/** The calendar date an instant falls on in the zone. */
export function dateAt(instant: number, timeZone: string): string {
  return Temporal.Instant.fromEpochMilliseconds(instant).toZonedDateTimeISO(timeZone).toPlainDate().toString();
}

export function nextDate(date: string): string {
  return Temporal.PlainDate.from(date).add({ days: 1 }).toString();
}

/** The spans of constant offset covering [start, end), from the zone's own transition rules. */
export function offsetSpans(start: number, end: number, timeZone: string): OffsetSpan[] {
  let at = Temporal.Instant.fromEpochMilliseconds(start).toZonedDateTimeISO(timeZone);
  const spans: OffsetSpan[] = [{ since: start, offsetMs: at.offsetNanoseconds / 1e6 }];
  for (;;) {
    const next = at.getTimeZoneTransition('next');
    if (!next || next.epochMilliseconds >= end) return spans;
    spans.push({ since: next.epochMilliseconds, offsetMs: next.offsetNanoseconds / 1e6 });
    at = next;
  }
}

/**
 * `instant` as local epoch ms in the zone, for instants inside the spans' range. The numbers are
 * inlined as literals: they come from the zone rules, never from a caller, and a literal keeps the
 * expression an integer on PostgreSQL, where an untyped parameter in a CASE would be text.
 */
export function localMsSql(instant: Expression<number>, spans: readonly OffsetSpan[]): RawBuilder<number> {
  const [first, ...rest] = spans;
  if (!first) throw new Error('no offset span');
  if (rest.length === 0) return sql<number>`(${instant} + ${sql.lit(first.offsetMs)})`;
  // each span holds until the next one starts; the last one holds to the end
  const branches = spans.slice(0, -1).map((span, i) => sql`when ${instant} < ${sql.lit(spans[i + 1]!.since)} then ${sql.lit(span.offsetMs)}`);
  return sql<number>`(${instant} + case ${sql.join(branches, sql` `)} else ${sql.lit(spans.at(-1)!.offsetMs)} end)`;
}

/** The calendar date of a local day number (whole days since 1970-01-01 in local time). */
export function dateOfDayNumber(day: number): string {
  return EPOCH_DATE.add({ days: day }).toString();
}

/** Monday = 0 … Sunday = 6 of a local day number (1970-01-01 was a Thursday). */
export function weekdayOfDayNumber(day: number): number {
  return (((day + 3) % 7) + 7) % 7;
}
