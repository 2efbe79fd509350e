/**
 * Meeting settings as the Meetings screen edits them: blocks grouped by weekday, numbers as typed.
 * Pure, so the form's rules are tested without a browser; they mirror `meetingSettingsSchema`.
 */
import type { MeetingSettings } from '../../protocol/meetings.ts';
import type { TimeBlock } from '../../protocol/routing.ts';
import { WEEKDAYS, badTimeBlock, blocksByWeekday, validZone, weeklyBlocks, type Weekday } from '../settings/schedule-draft.ts';

export interface MeetingDraft {
  timeZone: string;
  days: Record<Weekday, TimeBlock[]>;
  lengthMinutes: number;
  bufferMinutes: number;
  takesMeetings: boolean;
}

export function toMeetingDraft(settings: MeetingSettings): MeetingDraft {
  const days = blocksByWeekday(settings.weekly);
  return { timeZone: settings.timeZone, days, lengthMinutes: settings.lengthMinutes, bufferMinutes: settings.bufferMinutes, takesMeetings: settings.takesMeetings };
}

export function fromMeetingDraft(draft: MeetingDraft): MeetingSettings {
  return {
    timeZone: draft.timeZone.trim(),
    weekly: weeklyBlocks(draft.days),
    lengthMinutes: draft.lengthMinutes,
    bufferMinutes: draft.bufferMinutes,
    takesMeetings: draft.takesMeetings,
  };
}

const whole = (n: number, min: number, max: number) => Number.isInteger(n) && n >= min && n <= max;

/** What the server would refuse: an unknown zone, a block not ending after it starts, a length or buffer out of range. */
export function meetingDraftProblems(draft: MeetingDraft): boolean {
  const blocks = WEEKDAYS.flatMap((d) => draft.days[d]);
  const badBlock = blocks.some(badTimeBlock);
  return !validZone(draft.timeZone) || badBlock || blocks.length > 70 || !whole(draft.lengthMinutes, 5, 480) || !whole(draft.bufferMinutes, 0, 240);
}
