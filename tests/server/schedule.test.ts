import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import type { Schedule } from '../../protocol/routing.ts';
import {
  effectiveAvailability,
  inSchedule,
  nextBoundary,
  nextMidnight,
  overrideExpiry,
  setManual,
} from '../../server/services/schedule.ts';

const STO = 'Europe/Stockholm';
const NYC = 'America/New_York';

/** Epoch ms of a wall-clock time in a zone. */
function at(local: string, timeZone: string): number {
  return Temporal.PlainDateTime.from(local).toZonedDateTime(timeZone).epochMilliseconds;
}
function local(ms: number, timeZone: string): string {
  return Temporal.Instant.fromEpochMilliseconds(ms).toZonedDateTimeISO(timeZone).toPlainDateTime().toString().slice(0, 16);
}

/** Monday to Friday 09:00–12:00 and 13:00–17:00. */
function officeHours(timeZone: string, exceptions: Schedule['exceptions'] = []): Schedule {
  const weekly = [1, 2, 3, 4, 5].flatMap((day) => [
    { day, start: '09:00', end: '12:00' },
    { day, start: '13:00', end: '17:00' },
  ]);
  return { timeZone, weekly, exceptions };
}

describe('schedule: blocks', () => {
  const s = officeHours(STO);
  // 2026-11-23 is a Monday
  it.each([
    ['2026-11-23T08:59', false],
    ['2026-11-23T09:00', true],
    ['2026-11-23T11:59', true],
    ['2026-11-23T12:00', false],
    ['2026-11-23T12:30', false],
    ['2026-11-23T13:00', true],
    ['2026-11-23T16:59', true],
    ['2026-11-23T17:00', false],
    ['2026-11-28T10:00', false], // Saturday
  ])('at %s (Stockholm) the agent is in a block: %s', (time, expected) => {
    expect(inSchedule(s, at(time, STO))).toBe(expected);
  });

  it.each([
    ['2026-11-23T08:00', '2026-11-23T09:00'],
    ['2026-11-23T10:00', '2026-11-23T12:00'],
    ['2026-11-23T12:15', '2026-11-23T13:00'],
    ['2026-11-23T15:00', '2026-11-23T17:00'],
    ['2026-11-27T18:00', '2026-11-30T09:00'], // Friday evening → Monday
  ])('from %s the next boundary is %s', (time, expected) => {
    expect(local(nextBoundary(s, at(time, STO))!, STO)).toBe(expected);
  });

  it('merges touching blocks, also across midnight, so a boundary is a real change', () => {
    const s2: Schedule = {
      timeZone: STO,
      weekly: [
        { day: 1, start: '09:00', end: '12:00' },
        { day: 1, start: '12:00', end: '24:00' },
        { day: 2, start: '00:00', end: '02:00' },
      ],
      exceptions: [],
    };
    expect(local(nextBoundary(s2, at('2026-11-23T10:00', STO))!, STO)).toBe('2026-11-24T02:00');
  });

  it('has no boundary for an empty schedule', () => {
    expect(nextBoundary({ timeZone: STO, weekly: [], exceptions: [] }, at('2026-11-23T10:00', STO))).toBeNull();
  });
});

describe('schedule: dated exceptions', () => {
  it('a day off replaces the weekly blocks with none', () => {
    const s = officeHours(STO, [{ date: '2026-12-24', blocks: [] }]);
    expect(inSchedule(s, at('2026-12-24T10:00', STO))).toBe(false);
    expect(inSchedule(s, at('2026-12-23T10:00', STO))).toBe(true);
    expect(local(nextBoundary(s, at('2026-12-24T10:00', STO))!, STO)).toBe('2026-12-25T09:00');
  });

  it('extra hours on a holiday (a Sunday) count as blocks', () => {
    const s = officeHours(STO, [{ date: '2026-11-29', blocks: [{ start: '10:00', end: '14:00' }] }]);
    expect(inSchedule(s, at('2026-11-29T11:00', STO))).toBe(true);
    expect(local(nextBoundary(s, at('2026-11-28T12:00', STO))!, STO)).toBe('2026-11-29T10:00');
  });

  it('looks ahead as far as the last exception', () => {
    const s: Schedule = { timeZone: STO, weekly: [], exceptions: [{ date: '2027-02-01', blocks: [{ start: '09:00', end: '10:00' }] }] };
    expect(local(nextBoundary(s, at('2026-11-23T10:00', STO))!, STO)).toBe('2027-02-01T09:00');
  });
});

describe('schedule: time zones and daylight saving', () => {
  it('reads the same instant in the schedule’s own zone', () => {
    const instant = at('2026-11-23T10:00', STO); // 04:00 in New York
    expect(inSchedule(officeHours(STO), instant)).toBe(true);
    expect(inSchedule(officeHours(NYC), instant)).toBe(false);
  });

  it.each([
    // spring forward: the night before is one hour shorter
    [STO, '2026-03-27T17:00', '2026-03-30T09:00', 60 * 60 * 64 - 3600],
    [NYC, '2026-03-06T17:00', '2026-03-09T09:00', 60 * 60 * 64 - 3600],
    // fall back: one hour longer
    [STO, '2026-10-23T17:00', '2026-10-26T09:00', 60 * 60 * 64 + 3600],
    [NYC, '2026-10-30T17:00', '2026-11-02T09:00', 60 * 60 * 64 + 3600],
  ])('%s: from Friday %s the weekend lasts until %s (%i s)', (tz, from, to, seconds) => {
    const boundary = nextBoundary(officeHours(tz), at(from, tz))!;
    expect(local(boundary, tz)).toBe(to);
    expect((boundary - at(from, tz)) / 1000).toBe(seconds);
  });

  it('a block starting inside the spring-forward gap starts when the clock jumps', () => {
    const s: Schedule = { timeZone: STO, weekly: [{ day: 7, start: '02:30', end: '05:00' }], exceptions: [] };
    // 2026-03-29: 02:00 → 03:00 in Stockholm
    expect(local(nextBoundary(s, at('2026-03-29T01:00', STO))!, STO)).toBe('2026-03-29T03:30');
    expect(inSchedule(s, at('2026-03-29T04:00', STO))).toBe(true);
  });

  it('a block over the fall-back hour lasts an hour longer in real time', () => {
    const s: Schedule = { timeZone: NYC, weekly: [{ day: 7, start: '00:00', end: '04:00' }], exceptions: [] };
    const start = at('2026-11-01T00:00', NYC);
    expect((nextBoundary(s, start)! - start) / 3_600_000).toBe(5);
  });

  it('midnight is the start of the next day in the zone, 23 or 25 hours after the previous one', () => {
    expect(local(nextMidnight(STO, at('2026-03-29T12:00', STO)), STO)).toBe('2026-03-30T00:00');
    expect(nextMidnight(STO, at('2026-03-28T12:00', STO)) - at('2026-03-28T00:00', STO)).toBe(24 * 3_600_000);
    expect(nextMidnight(STO, at('2026-03-29T12:00', STO)) - at('2026-03-29T00:00', STO)).toBe(23 * 3_600_000);
    expect(nextMidnight(NYC, at('2026-11-01T12:00', NYC)) - at('2026-11-01T00:00', NYC)).toBe(25 * 3_600_000);
  });
});

describe('schedule: the manual override and its three expiries', () => {
  const s = officeHours(STO);

  it('lasts until the next block boundary when one comes before midnight', () => {
    const now = at('2026-11-23T10:30', STO);
    const set = setManual(s, false, now);
    expect(local(set.manualUntil, STO)).toBe('2026-11-23T12:00');
    const state = { ...set, schedule: s };
    expect(effectiveAvailability(state, now)).toEqual({ available: false, source: 'manual', until: set.manualUntil });
    // one minute before it runs out the toggle still rules; at the boundary the schedule does
    expect(effectiveAvailability(state, at('2026-11-23T11:59', STO)).available).toBe(false);
    expect(effectiveAvailability(state, at('2026-11-23T12:00', STO))).toMatchObject({ available: false, source: 'schedule' });
    expect(effectiveAvailability(state, at('2026-11-23T13:00', STO))).toMatchObject({ available: true, source: 'schedule' });
  });

  it('lasts until midnight in the schedule’s zone when no boundary comes first', () => {
    const now = at('2026-11-23T19:00', STO);
    const set = setManual(s, true, now);
    expect(local(set.manualUntil, STO)).toBe('2026-11-24T00:00');
    const state = { ...set, schedule: s };
    expect(effectiveAvailability(state, at('2026-11-23T23:59', STO))).toMatchObject({ available: true, source: 'manual' });
    expect(effectiveAvailability(state, at('2026-11-24T00:00', STO))).toMatchObject({ available: false, source: 'schedule' });
  });

  it('midnight follows the schedule’s zone, not the server’s', () => {
    const ny = officeHours(NYC);
    const set = setManual(ny, true, at('2026-11-23T19:00', NYC));
    expect(local(set.manualUntil, NYC)).toBe('2026-11-24T00:00');
  });

  it('ends when the agent switches back to what the schedule says', () => {
    const now = at('2026-11-23T10:30', STO);
    const away = setManual(s, false, now);
    expect(away.manualUntil).toBeGreaterThan(now);
    const back = setManual(s, true, now + 60_000);
    expect(back.manualUntil).toBe(0);
    expect(effectiveAvailability({ ...back, schedule: s }, now + 60_000)).toEqual({
      available: true,
      source: 'schedule',
      until: at('2026-11-23T12:00', STO),
    });
  });

  it('without a schedule the toggle alone counts and never runs out', () => {
    const set = setManual(null, false, at('2026-11-23T10:30', STO));
    expect(set).toEqual({ manual: false, manualUntil: 0 });
    expect(effectiveAvailability({ ...set, schedule: null }, at('2027-01-01T10:00', STO))).toEqual({
      available: false,
      source: 'manual',
      until: null,
    });
  });

  it('reports the schedule’s next change as its end', () => {
    expect(effectiveAvailability({ manual: true, manualUntil: 0, schedule: s }, at('2026-11-23T14:00', STO))).toEqual({
      available: true,
      source: 'schedule',
      until: at('2026-11-23T17:00', STO),
    });
  });

  it('an override set on the spring-forward day ends at the 23-hour day’s midnight', () => {
    const weekend: Schedule = { timeZone: STO, weekly: [], exceptions: [] };
    const now = at('2026-03-29T12:00', STO);
    expect(local(overrideExpiry(weekend, now), STO)).toBe('2026-03-30T00:00');
  });
});
