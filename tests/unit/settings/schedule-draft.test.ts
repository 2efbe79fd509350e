import { describe, expect, it } from 'vitest';
import { availabilityLabel } from '../../../components/settings/availability-label.ts';
import { draftProblems, fromDraft, nextBlock, toDraft } from '../../../components/settings/schedule-draft.ts';
import type { Schedule } from '../../../protocol/routing.ts';

const schedule: Schedule = {
  timeZone: 'Europe/Stockholm',
  weekly: [
    { day: 1, start: '13:00', end: '17:00' },
    { day: 1, start: '09:00', end: '12:00' },
    { day: 5, start: '09:00', end: '15:00' },
  ],
  exceptions: [{ date: '2026-12-24', blocks: [] }],
};

describe('schedule draft', () => {
  it('groups blocks by weekday in time order and turns back into the same schedule', () => {
    const draft = toDraft(schedule, 'UTC');
    expect(draft.days[1]).toEqual([
      { start: '09:00', end: '12:00' },
      { start: '13:00', end: '17:00' },
    ]);
    expect(draft.days[2]).toEqual([]);
    expect(fromDraft(draft)).toEqual({
      timeZone: 'Europe/Stockholm',
      weekly: [
        { day: 1, start: '09:00', end: '12:00' },
        { day: 1, start: '13:00', end: '17:00' },
        { day: 5, start: '09:00', end: '15:00' },
      ],
      exceptions: [{ date: '2026-12-24', blocks: [] }],
    });
  });

  it('starts an empty draft in the given zone', () => {
    const draft = toDraft(null, 'America/New_York');
    expect(draft.timeZone).toBe('America/New_York');
    expect(fromDraft(draft)).toEqual({ timeZone: 'America/New_York', weekly: [], exceptions: [] });
  });

  it('finds what the server would refuse: unknown zone, a block ending before it starts, a date twice', () => {
    expect(draftProblems(toDraft(schedule, 'UTC'))).toBe(false);
    expect(draftProblems({ ...toDraft(schedule, 'UTC'), timeZone: 'Mars/Olympus' })).toBe(true);
    const backwards = toDraft(schedule, 'UTC');
    backwards.days[3] = [{ start: '12:00', end: '09:00' }];
    expect(draftProblems(backwards)).toBe(true);
    const twice = toDraft(schedule, 'UTC');
    twice.exceptions.push({ date: '2026-12-24', blocks: [{ start: '10:00', end: '12:00' }] });
    expect(draftProblems(twice)).toBe(true);
  });

  it('adds a new block after the last one', () => {
    expect(nextBlock([])).toEqual({ start: '09:00', end: '10:00' });
    expect(nextBlock([{ start: '09:00', end: '12:00' }])).toEqual({ start: '12:00', end: '13:00' });
    expect(nextBlock([{ start: '22:00', end: '24:00' }])).toEqual({ start: '22:00', end: '23:00' });
  });
});

describe('availability label', () => {
  const now = new Date(2026, 10, 23, 10, 30).getTime();
  const at = (h: number, m = 0, day = 23) => new Date(2026, 10, day, h, m).getTime();

  it('says until when and why: the schedule', () => {
    expect(availabilityLabel({ available: true, availabilitySource: 'schedule', availableUntil: at(17) }, now, 'en-GB')).toEqual({
      key: 'availability.availableUntilSchedule',
      time: '17:00',
    });
  });

  it('says until when and why: set by the agent', () => {
    expect(availabilityLabel({ available: false, availabilitySource: 'manual', availableUntil: at(13) }, now, 'en-GB')).toEqual({
      key: 'availability.unavailableUntilManual',
      time: '13:00',
    });
  });

  it('names the weekday when the change is on a later day', () => {
    const label = availabilityLabel({ available: false, availabilitySource: 'schedule', availableUntil: at(9, 0, 24) }, now, 'en-GB');
    expect(label.time).toBe('Tue 09:00');
  });

  it('without a schedule the plain state shows, as before', () => {
    expect(availabilityLabel({ available: true, availabilitySource: 'manual', availableUntil: null }, now, 'en')).toEqual({
      key: 'header.available',
    });
  });
});
