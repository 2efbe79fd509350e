import { describe, expect, it } from 'vitest';
import { fromMeetingDraft, meetingDraftProblems, toMeetingDraft } from '../../../components/calendar/meeting-draft.ts';
import type { MeetingSettings } from '../../../protocol/meetings.ts';

const settings: MeetingSettings = {
  timeZone: 'America/New_York',
  weekly: [
    { day: 1, start: '13:00', end: '15:00' },
    { day: 1, start: '09:00', end: '11:00' },
    { day: 5, start: '09:00', end: '12:00' },
  ],
  lengthMinutes: 30,
  bufferMinutes: 15,
  takesMeetings: true,
};

describe('meeting settings draft', () => {
  it('groups blocks by weekday in time order and turns back into the same settings', () => {
    const draft = toMeetingDraft(settings);
    expect(draft.days[1]).toEqual([{ start: '09:00', end: '11:00' }, { start: '13:00', end: '15:00' }]);
    expect(draft.days[3]).toEqual([]);
    expect(fromMeetingDraft(draft)).toEqual({ ...settings, weekly: [settings.weekly[1], settings.weekly[0], settings.weekly[2]] });
  });

  it.each([
    ['an unknown time zone', { timeZone: 'Mars/Olympus' }],
    ['a block ending before it starts', { days: { ...toMeetingDraft(settings).days, 2: [{ start: '12:00', end: '10:00' }] } }],
    ['a meeting shorter than 5 minutes', { lengthMinutes: 4 }],
    ['a meeting longer than 8 hours', { lengthMinutes: 481 }],
    ['a negative buffer', { bufferMinutes: -5 }],
    ['an empty number field', { bufferMinutes: Number.NaN }],
  ])('finds %s a problem', (_name, change) => {
    expect(meetingDraftProblems({ ...toMeetingDraft(settings), ...change })).toBe(true);
  });

  it('finds nothing wrong with valid settings', () => {
    expect(meetingDraftProblems(toMeetingDraft(settings))).toBe(false);
  });
});
