/**
 * Meeting settings as the Meetings screen edits them: blocks grouped by weekday, numbers as typed.
 * Pure, so the form's rules are tested without a browser; they mirror `meetingSettingsSchema`.
 */
import type { MeetingSettings } from '../../protocol/meetings.ts';
import type { TimeBlock } from '../../protocol/routing.ts';
import { WEEKDAYS, type Weekday } from '../settings/schedule-draft.ts';

export interface MeetingDraft {
  timeZone: string;
  days: Record<Weekday, TimeBlock[]>;
  lengthMinutes: number;
  bufferMinutes: number;
  takesMeetings: boolean;
}

export function toMeetingDraft(settings: MeetingSettings): MeetingDraft {
  const days = Object.fromEntries(WEEKDAYS.map((d) => [d, [] as TimeBlock[]])) as Record<Weekday, TimeBlock[]>;
  for (const block of settings.weekly) days[block.day as Weekday].push({ start: block.start, end: block.end });
  for (const d of WEEKDAYS) days[d].sort((a, b) => a.start.localeCompare(b.start));
  return { timeZone: settings.timeZone, days, lengthMinutes: settings.lengthMinutes, bufferMinutes: settings.bufferMinutes, takesMeetings: settings.takesMeetings };
}

export function fromMeetingDraft(draft: MeetingDraft): MeetingSettings {
  return {
    timeZone: draft.timeZone.trim(),
    weekly: WEEKDAYS.flatMap((day) => draft.days[day].map((b) => ({ day, start: b.start, end: b.end }))),
    lengthMinutes: draft.lengthMinutes,
    bufferMinutes: draft.bufferMinutes,
    takesMeetings: draft.takesMeetings,
  };
}

const TIME = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/;
const whole = (n: number, min: number, max: number) => Number.isInteger(n) && n >= min && n <= max;

function knownZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone.trim() });
    return zone.trim().length > 0;
  } catch {
    return false;
  }
}

/** What the server would refuse: an unknown zone, a block not ending after it starts, a length or buffer out of range. */
export function meetingDraftProblems(draft: MeetingDraft): boolean {
  const blocks = WEEKDAYS.flatMap((d) => draft.days[d]);
  const badBlock = blocks.some((b) => !TIME.test(b.start) || !TIME.test(b.end) || b.start >= b.end);
  return !knownZone(draft.timeZone) || badBlock || blocks.length > 70 || !whole(draft.lengthMinutes, 5, 480) || !whole(draft.bufferMinutes, 0, 240);
}
