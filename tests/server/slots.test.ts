import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import type { WeeklyBlock } from '../../protocol/routing.ts';
import { dayRange, freeSlots, type Interval, type SlotRules } from '../../server/services/slots.ts';

const STO = 'Europe/Stockholm';
const NYC = 'America/New_York';
const LAX = 'America/Los_Angeles';
const TYO = 'Asia/Tokyo';

/** Epoch ms of a wall-clock time in a zone. */
function at(local: string, timeZone: string): number {
  return Temporal.PlainDateTime.from(local).toZonedDateTime(timeZone).epochMilliseconds;
}
/** A slot's start as wall-clock time in a zone, with the offset, so DST days show which hour it is. */
function shown(ms: number, timeZone: string): string {
  const z = Temporal.Instant.fromEpochMilliseconds(ms).toZonedDateTimeISO(timeZone);
  return `${z.toPlainDateTime().toString().slice(0, 16)}${z.offset}`;
}
function rules(timeZone: string, weekly: WeeklyBlock[], lengthMinutes: number, bufferMinutes = 0): SlotRules {
  return { timeZone, weekly, lengthMinutes, bufferMinutes };
}
/** A whole local day (or several) of the agent's own zone, as the range asked for. */
function days(from: string, n: number, timeZone: string): Interval {
  return dayRange(from, n, timeZone);
}
const LONG_AGO = 0;

// 2026-11-23 is a Monday; 2026-03-29 and 2026-10-25 are the European DST Sundays
describe('slots: blocks, length and buffer', () => {
  it.each([
    ['one block cut into hours', [{ day: 1, start: '09:00', end: '12:00' }], 60, 0, ['09:00', '10:00', '11:00']],
    ['a meeting never runs past its block', [{ day: 1, start: '09:00', end: '10:30' }], 45, 0, ['09:00', '09:45']],
    ['the buffer separates meetings', [{ day: 1, start: '09:00', end: '12:00' }], 60, 15, ['09:00', '10:15']],
    [
      'two blocks of a day, out of order',
      [
        { day: 1, start: '14:00', end: '15:00' },
        { day: 1, start: '09:00', end: '10:00' },
      ],
      30,
      0,
      ['09:00', '09:30', '14:00', '14:30'],
    ],
    [
      'overlapping blocks merge',
      [
        { day: 1, start: '09:00', end: '10:00' },
        { day: 1, start: '09:30', end: '11:00' },
      ],
      60,
      0,
      ['09:00', '10:00'],
    ],
    ['a block may end at 24:00', [{ day: 1, start: '23:00', end: '24:00' }], 60, 0, ['23:00']],
    ['other weekdays give nothing', [{ day: 2, start: '09:00', end: '12:00' }], 60, 0, []],
    ['a meeting longer than the block gives nothing', [{ day: 1, start: '09:00', end: '09:20' }], 30, 0, []],
  ] as const)('%s', (_name, weekly, length, buffer, expected) => {
    const slots = freeSlots(rules(STO, [...weekly], length, buffer), [], days('2026-11-23', 1, STO), LONG_AGO);
    expect(slots.map((s) => shown(s.start, STO).slice(11, 16))).toEqual(expected);
    for (const s of slots) expect(s.end - s.start).toBe(length * 60_000);
  });
});

describe('slots: existing meetings', () => {
  const weekly = [{ day: 1, start: '09:00', end: '13:00' }];
  const meeting = { start: at('2026-11-23T10:00', STO), end: at('2026-11-23T11:00', STO) };
  it.each([
    ['a booked hour is not offered', 60, 0, [meeting], ['09:00', '11:00', '12:00']],
    ['the buffer keeps slots away from a meeting on both sides', 60, 15, [meeting], ['11:30']],
    ['a meeting ending where a slot starts does not block it', 30, 0, [meeting], ['09:00', '09:30', '11:00', '11:30', '12:00', '12:30']],
    [
      'a meeting of another length blocks every slot it overlaps',
      30,
      0,
      [{ start: at('2026-11-23T09:15', STO), end: at('2026-11-23T09:45', STO) }],
      ['10:00', '10:30', '11:00', '11:30', '12:00', '12:30'],
    ],
  ] as const)('%s', (_name, length, buffer, busy, expected) => {
    const slots = freeSlots(rules(STO, weekly, length, buffer), busy, days('2026-11-23', 1, STO), LONG_AGO);
    expect(slots.map((s) => shown(s.start, STO).slice(11, 16))).toEqual(expected);
  });

  it('slots that have begun or passed are not offered', () => {
    const now = at('2026-11-23T10:30', STO);
    const slots = freeSlots(rules(STO, weekly, 60), [], days('2026-11-23', 1, STO), now);
    expect(slots.map((s) => shown(s.start, STO).slice(11, 16))).toEqual(['11:00', '12:00']);
  });
});

describe('slots: time zones', () => {
  const nineToTen = [{ day: 1, start: '09:00', end: '10:00' }];
  it.each([
    [STO, '2026-11-23T08:00:00Z'],
    [NYC, '2026-11-23T14:00:00Z'],
    [TYO, '2026-11-23T00:00:00Z'],
  ])('09:00 on Monday in %s is %s', (zone, utc) => {
    const [slot] = freeSlots(rules(zone, nineToTen, 60), [], days('2026-11-23', 1, zone), LONG_AGO);
    expect(new Date(slot!.start).toISOString().replace('.000', '')).toBe(utc);
  });

  it('the same wall-clock block moves by an hour in UTC across the spring shift', () => {
    const r = rules(STO, nineToTen, 60);
    const [before] = freeSlots(r, [], days('2026-03-23', 1, STO), LONG_AGO);
    const [after] = freeSlots(r, [], days('2026-03-30', 1, STO), LONG_AGO);
    expect(new Date(before!.start).toISOString()).toBe('2026-03-23T08:00:00.000Z');
    expect(new Date(after!.start).toISOString()).toBe('2026-03-30T07:00:00.000Z');
  });
});

describe('slots: daylight-saving transitions', () => {
  const sundayNight = [{ day: 7, start: '01:00', end: '04:00' }];
  it('spring forward: a 01:00–04:00 block holds only two real hours', () => {
    const slots = freeSlots(rules(STO, sundayNight, 60), [], days('2026-03-29', 1, STO), LONG_AGO);
    expect(slots.map((s) => shown(s.start, STO))).toEqual(['2026-03-29T01:00+01:00', '2026-03-29T03:00+02:00']);
    for (const s of slots) expect(s.end - s.start).toBe(3_600_000);
  });

  it('fall back: a 01:00–04:00 block holds four real hours, 02:00 twice', () => {
    const slots = freeSlots(rules(STO, sundayNight, 60), [], days('2026-10-25', 1, STO), LONG_AGO);
    expect(slots.map((s) => shown(s.start, STO))).toEqual([
      '2026-10-25T01:00+02:00',
      '2026-10-25T02:00+02:00',
      '2026-10-25T02:00+01:00',
      '2026-10-25T03:00+01:00',
    ]);
  });

  it('a block starting inside the skipped hour starts after the gap', () => {
    const slots = freeSlots(rules(STO, [{ day: 7, start: '02:30', end: '05:00' }], 60), [], days('2026-03-29', 1, STO), LONG_AGO);
    expect(slots.map((s) => shown(s.start, STO))).toEqual(['2026-03-29T03:30+02:00']);
  });

  it('the US shift (a different Sunday) is the agent zone’s, not the visitor’s', () => {
    const weekly = [{ day: 1, start: '09:00', end: '10:00' }];
    // 2026-03-09: New York already on EDT, Stockholm still on CET
    const [slot] = freeSlots(rules(NYC, weekly, 60), [], dayRange('2026-03-09', 1, STO), LONG_AGO);
    expect(shown(slot!.start, NYC)).toBe('2026-03-09T09:00-04:00');
    expect(shown(slot!.start, STO)).toBe('2026-03-09T14:00+01:00');
  });
});

describe("slots: the visitor's days in the visitor's zone", () => {
  const agent = rules(STO, [1, 2, 3, 4, 5].map((day) => ({ day, start: '09:00', end: '10:00' })), 30);

  it('a Los Angeles Monday holds the agent’s Monday morning, shown just after midnight', () => {
    const slots = freeSlots(agent, [], dayRange('2026-11-23', 1, LAX), LONG_AGO);
    expect(slots.map((s) => shown(s.start, LAX))).toEqual(['2026-11-23T00:00-08:00', '2026-11-23T00:30-08:00']);
  });

  it('a Tokyo Tuesday holds the agent’s Tuesday morning, not Monday’s', () => {
    const slots = freeSlots(agent, [], dayRange('2026-11-24', 1, TYO), LONG_AGO);
    expect(slots.map((s) => shown(s.start, STO))).toEqual(['2026-11-24T09:00+01:00', '2026-11-24T09:30+01:00']);
    expect(slots.map((s) => shown(s.start, TYO))).toEqual(['2026-11-24T17:00+09:00', '2026-11-24T17:30+09:00']);
  });

  it('several visitor days list every slot once, in time order', () => {
    const slots = freeSlots(agent, [], dayRange('2026-11-23', 7, NYC), LONG_AGO);
    expect(slots).toHaveLength(10);
    expect([...slots].sort((a, b) => a.start - b.start)).toEqual(slots);
    expect(new Set(slots.map((s) => s.start)).size).toBe(10);
  });

  it('a visitor day is 23 or 25 hours long on the visitor’s DST days', () => {
    expect(dayRange('2026-03-08', 1, NYC).end - dayRange('2026-03-08', 1, NYC).start).toBe(23 * 3_600_000);
    expect(dayRange('2026-11-01', 1, NYC).end - dayRange('2026-11-01', 1, NYC).start).toBe(25 * 3_600_000);
  });
});
