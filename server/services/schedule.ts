/**
 * Schedule maths, pure: is an agent inside a block of their weekly schedule at an instant, when does
 * that next change, and how long does a manual override last. Every wall-clock time is resolved in
 * the schedule's IANA zone by Temporal, so daylight-saving days are 23 or 25 hours long as they are.
 */
import { Temporal } from 'temporal-polyfill';
import { SCHEDULE_EXCEPTION_DAYS_AHEAD, type AvailabilitySource, type Schedule, type TimeBlock } from '../../protocol/routing.ts';

/** Days looked ahead for the next change when no exception lies further out. */
const LOOKAHEAD_DAYS = 8;
const DAY_MS = 24 * 60 * 60_000;
/** The walk for the next change never goes further than the last day an exception may lie on. */
const MAX_LOOKAHEAD_DAYS = SCHEDULE_EXCEPTION_DAYS_AHEAD + 2;

export interface Effective {
  available: boolean;
  source: AvailabilitySource;
  /** when this state ends by itself (epoch ms), or null when it lasts until someone changes it */
  until: number | null;
}

/** What the database holds for an agent's availability. */
export interface AvailabilityState {
  /** the manual toggle's value */
  manual: boolean;
  /** the override ends here (epoch ms); 0 = no override running */
  manualUntil: number;
  schedule: Schedule | null;
}

function minutes(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return h! * 60 + m!;
}

/** The blocks of one calendar date, sorted with overlapping and touching blocks merged. */
function blocksOn(schedule: Schedule, date: Temporal.PlainDate): Array<[number, number]> {
  const exception = schedule.exceptions.find((e) => e.date === date.toString());
  const raw: TimeBlock[] = exception ? exception.blocks : schedule.weekly.filter((b) => b.day === date.dayOfWeek);
  const sorted = raw.map((b): [number, number] => [minutes(b.start), minutes(b.end)]).sort((a, b) => a[0] - b[0]);
  const merged: Array<[number, number]> = [];
  for (const block of sorted) {
    const last = merged.at(-1);
    if (last && block[0] <= last[1]) last[1] = Math.max(last[1], block[1]);
    else merged.push([...block]);
  }
  return merged;
}

/** The instant a wall-clock minute of a date happens in the zone (24:00 = the next day's start). */
function instantOf(date: Temporal.PlainDate, minute: number, timeZone: string): number {
  const day = minute >= 24 * 60 ? date.add({ days: 1 }) : date;
  const m = minute % (24 * 60);
  // a time skipped by a spring-forward shift resolves to the moment after the gap ('compatible')
  return day
    .toZonedDateTime({ timeZone, plainTime: Temporal.PlainTime.from({ hour: Math.floor(m / 60), minute: m % 60 }) })
    .epochMilliseconds;
}

/** Each block of a date as an [start, end) interval of epoch ms. */
function intervalsOn(schedule: Schedule, date: Temporal.PlainDate): Array<[number, number]> {
  return blocksOn(schedule, date).map(([s, e]) => [instantOf(date, s, schedule.timeZone), instantOf(date, e, schedule.timeZone)]);
}

function dateAt(now: number, timeZone: string): Temporal.PlainDate {
  return Temporal.Instant.fromEpochMilliseconds(now).toZonedDateTimeISO(timeZone).toPlainDate();
}

/** Whether every exception lies between yesterday and SCHEDULE_EXCEPTION_DAYS_AHEAD from today, in the schedule's zone. */
export function exceptionsInWindow(schedule: Schedule, now: number): boolean {
  const today = dateAt(now, schedule.timeZone);
  const first = today.subtract({ days: 1 });
  const last = today.add({ days: SCHEDULE_EXCEPTION_DAYS_AHEAD });
  return schedule.exceptions.every((e) => {
    const date = Temporal.PlainDate.from(e.date, { overflow: 'reject' });
    return Temporal.PlainDate.compare(date, first) >= 0 && Temporal.PlainDate.compare(date, last) <= 0;
  });
}

export function inSchedule(schedule: Schedule, now: number): boolean {
  const today = dateAt(now, schedule.timeZone);
  // blocks never cross midnight (24:00 at the latest), so only today's can cover now
  return intervalsOn(schedule, today).some(([s, e]) => s <= now && now < e);
}

/** The next instant after `now` at which the schedule's state changes, or null if it never does. */
export function nextBoundary(schedule: Schedule, now: number): number | null {
  const today = dateAt(now, schedule.timeZone);
  const lastException = schedule.exceptions.map((e) => Temporal.PlainDate.from(e.date)).sort(Temporal.PlainDate.compare).at(-1);
  const horizon = Math.min(
    MAX_LOOKAHEAD_DAYS,
    Math.max(LOOKAHEAD_DAYS, lastException ? today.until(lastException, { largestUnit: 'days' }).days + 2 : 0),
  );
  const state = inSchedule(schedule, now);
  // Most days of a long look-ahead have no blocks: find those with plain date arithmetic and a lookup,
  // and build Temporal dates only for the days that have some (the walk over two years stays cheap).
  const exceptionDates = new Map(schedule.exceptions.map((e) => [e.date, e.blocks.length > 0]));
  const weekdays = new Set(schedule.weekly.map((b) => b.day));
  const start = Date.UTC(today.year, today.month - 1, today.day);
  for (let d = 0; d <= horizon; d++) {
    const iso = new Date(start + d * DAY_MS).toISOString().slice(0, 10);
    const hasBlocks = exceptionDates.get(iso) ?? weekdays.has(((today.dayOfWeek - 1 + d) % 7) + 1);
    if (!hasBlocks) continue;
    const date = today.add({ days: d });
    for (const [s, e] of intervalsOn(schedule, date)) {
      // merged blocks of adjacent days can touch at midnight; only a real change counts
      if (!state && s > now) return s;
      if (state && e > now && !touchesNextDay(schedule, date, e)) return e;
    }
  }
  return null;
}

function touchesNextDay(schedule: Schedule, date: Temporal.PlainDate, end: number): boolean {
  const next = intervalsOn(schedule, date.add({ days: 1 }));
  return next.length > 0 && next[0]![0] <= end;
}

/** The next midnight in the zone: the start of tomorrow (which DST may move off 00:00). */
export function nextMidnight(timeZone: string, now: number): number {
  return dateAt(now, timeZone).add({ days: 1 }).toZonedDateTime({ timeZone }).epochMilliseconds;
}

/**
 * How long a manual setting made at `now` lasts under a schedule: until the next block boundary or
 * midnight in the schedule's zone, whichever comes first. Switching back ends it earlier.
 */
export function overrideExpiry(schedule: Schedule, now: number): number {
  const boundary = nextBoundary(schedule, now);
  const midnight = nextMidnight(schedule.timeZone, now);
  return boundary === null ? midnight : Math.min(boundary, midnight);
}

/** Effective availability: the manual toggle while its override runs (or always, without a schedule), else the schedule. */
export function effectiveAvailability(state: AvailabilityState, now: number): Effective {
  if (!state.schedule) return { available: state.manual, source: 'manual', until: null };
  if (state.manualUntil > now) return { available: state.manual, source: 'manual', until: state.manualUntil };
  return { available: inSchedule(state.schedule, now), source: 'schedule', until: nextBoundary(state.schedule, now) };
}

/**
 * The state after the agent sets the toggle at `now`. Without a schedule it is the toggle alone;
 * with one, choosing what the schedule says anyway ends the override (switched back), anything else
 * starts one.
 */
export function setManual(schedule: Schedule | null, available: boolean, now: number): { manual: boolean; manualUntil: number } {
  if (!schedule) return { manual: available, manualUntil: 0 };
  if (inSchedule(schedule, now) === available) return { manual: available, manualUntil: 0 };
  return { manual: available, manualUntil: overrideExpiry(schedule, now) };
}
