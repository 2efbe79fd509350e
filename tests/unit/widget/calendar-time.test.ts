import { describe, expect, it } from 'vitest';
import { dateIn, meetingWhen, slotDays } from '../../../server/widget/src/calendar-time.ts';

const at = (iso: string) => Date.parse(iso);

describe('widget calendar times', () => {
  it('gives the calendar date of an instant in the visitor’s zone, not the UTC one', () => {
    expect(dateIn(at('2026-11-23T23:30:00Z'), 'UTC')).toBe('2026-11-23');
    expect(dateIn(at('2026-11-23T23:30:00Z'), 'Europe/Berlin')).toBe('2026-11-24');
    expect(dateIn(at('2026-11-24T03:00:00Z'), 'America/Los_Angeles')).toBe('2026-11-23');
  });

  it('groups slots by the visitor’s day in time order and shows their local times', () => {
    const slots = [
      { start: at('2026-11-24T09:00:00Z'), end: at('2026-11-24T09:30:00Z') },
      { start: at('2026-11-23T22:30:00Z'), end: at('2026-11-23T23:00:00Z') },
      { start: at('2026-11-23T23:30:00Z'), end: at('2026-11-24T00:00:00Z') },
    ];
    const days = slotDays(slots, 'Europe/Berlin', 'en-GB');
    expect(days.map((d) => d.date)).toEqual(['2026-11-23', '2026-11-24']);
    expect(days[0]!.slots.map((s) => s.time)).toEqual(['23:30']);
    expect(days[1]!.slots.map((s) => s.time)).toEqual(['00:30', '10:00']);
    expect(days[1]!.label).toBe('Tuesday 24 November');
    expect(days[1]!.slots[0]!.when).toBe('Tuesday 24 November, 00:30');
  });

  it('writes a meeting’s date and time range in the visitor’s zone', () => {
    expect(meetingWhen(at('2026-11-24T09:00:00Z'), at('2026-11-24T09:30:00Z'), 'Europe/Stockholm', 'en-GB')).toBe('Tuesday 24 November, 10:00 – 10:30');
  });
});
