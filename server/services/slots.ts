/**
 * Meeting slots, pure: the free slots of an agent's weekly meeting blocks in a range of instants.
 * Wall-clock times are resolved in the agent's IANA zone by Temporal, and slots are stepped in real
 * time, so a block that spans a daylight-saving shift holds as many meetings as it has real hours.
 */
import { Temporal } from 'temporal-polyfill';
import type { WeeklyBlock } from '../../protocol/routing.ts';

/** [start, end) in epoch ms. */
export interface Interval {
  start: number;
  end: number;
}

export interface SlotRules {
  timeZone: string;
  weekly: readonly WeeklyBlock[];
  lengthMinutes: number;
  bufferMinutes: number;
}

const MINUTE = 60_000;
const DAY_MINUTES = 24 * 60;

function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return h! * 60 + m!;
}

/** The instant a wall-clock minute of a date happens in the zone (24:00 = the next day's start). */
function instantOf(date: Temporal.PlainDate, minute: number, timeZone: string): number {
  const day = minute >= DAY_MINUTES ? date.add({ days: 1 }) : date;
  const m = minute % DAY_MINUTES;
  // a time skipped by a spring-forward shift resolves to the moment after the gap ('compatible')
  const plainTime = Temporal.PlainTime.from({ hour: Math.floor(m / 60), minute: m % 60 });
  return day.toZonedDateTime({ timeZone, plainTime }).epochMilliseconds;
}

function dateAt(instant: number, timeZone: string): Temporal.PlainDate {
  return Temporal.Instant.fromEpochMilliseconds(instant).toZonedDateTimeISO(timeZone).toPlainDate();
}

/** One date's blocks as minutes of the day, sorted, overlapping or touching ones merged. */
function blocksOn(weekly: readonly WeeklyBlock[], date: Temporal.PlainDate): Array<[number, number]> {
  const sorted = weekly
    .filter((b) => b.day === date.dayOfWeek)
    .map((b): [number, number] => [minutesOf(b.start), minutesOf(b.end)])
    .sort((a, b) => a[0] - b[0]);
  const merged: Array<[number, number]> = [];
  for (const block of sorted) {
    const last = merged.at(-1);
    if (last && block[0] <= last[1]) last[1] = Math.max(last[1], block[1]);
    else merged.push([...block]);
  }
  return merged;
}

/** A slot is taken when it comes closer than the buffer to a meeting, on either side. */
function clashes(slot: Interval, busy: readonly Interval[], bufferMs: number): boolean {
  return busy.some((b) => slot.start < b.end + bufferMs && b.start < slot.end + bufferMs);
}

/**
 * Free slots whose start lies in `range` and not before `now`, in time order. Each block is cut into
 * meetings of `lengthMinutes` with `bufferMinutes` between them, starting at the block's start.
 */
export function freeSlots(rules: SlotRules, busy: readonly Interval[], range: Interval, now: number): Interval[] {
  const lengthMs = rules.lengthMinutes * MINUTE;
  const stepMs = lengthMs + rules.bufferMinutes * MINUTE;
  const slots: Interval[] = [];
  // a block of the day before the range's first agent date can still be running into the range
  let date = dateAt(range.start, rules.timeZone).subtract({ days: 1 });
  const last = dateAt(range.end, rules.timeZone);
  for (; Temporal.PlainDate.compare(date, last) <= 0; date = date.add({ days: 1 })) {
    for (const [from, to] of blocksOn(rules.weekly, date)) {
      const blockEnd = instantOf(date, to, rules.timeZone);
      for (let start = instantOf(date, from, rules.timeZone); start + lengthMs <= blockEnd; start += stepMs) {
        const slot = { start, end: start + lengthMs };
        if (start < range.start || start >= range.end || start < now) continue;
        if (!clashes(slot, busy, rules.bufferMinutes * MINUTE)) slots.push(slot);
      }
    }
  }
  return slots;
}

/** The instants of `days` whole days from `from` (YYYY-MM-DD) in `timeZone`: the visitor's days. */
export function dayRange(from: string, days: number, timeZone: string): Interval {
  const first = Temporal.PlainDate.from(from);
  return {
    start: first.toZonedDateTime({ timeZone }).epochMilliseconds,
    end: first.add({ days }).toZonedDateTime({ timeZone }).epochMilliseconds,
  };
}
