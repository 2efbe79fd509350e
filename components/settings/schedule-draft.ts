/**
 * The schedule as the settings screen edits it: blocks grouped by weekday, exceptions by date. Pure,
 * so the form's rules are tested without a browser.
 */
import type { Schedule, TimeBlock, WeeklyBlock } from '../../protocol/routing.ts';

export const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export interface ScheduleDraft {
  timeZone: string;
  days: Record<Weekday, TimeBlock[]>;
  exceptions: Array<{ date: string; blocks: TimeBlock[] }>;
}

/** The browser's own zone, which is where most agents work. */
export function localTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** Weekly blocks grouped by weekday, each day's in order of start; shared with the meeting settings' draft. */
export function blocksByWeekday(weekly: readonly WeeklyBlock[]): Record<Weekday, TimeBlock[]> {
  const days = Object.fromEntries(WEEKDAYS.map((d) => [d, [] as TimeBlock[]])) as Record<Weekday, TimeBlock[]>;
  for (const block of weekly) days[block.day as Weekday].push({ start: block.start, end: block.end });
  for (const d of WEEKDAYS) days[d].sort((a, b) => a.start.localeCompare(b.start));
  return days;
}

/** The other way: the days' blocks as one weekly list, Monday first. */
export function weeklyBlocks(days: Record<Weekday, TimeBlock[]>): WeeklyBlock[] {
  return WEEKDAYS.flatMap((day) => days[day].map((b) => ({ day, start: b.start, end: b.end })));
}

export function toDraft(schedule: Schedule | null, fallbackZone: string): ScheduleDraft {
  return {
    timeZone: schedule?.timeZone ?? fallbackZone,
    days: blocksByWeekday(schedule?.weekly ?? []),
    exceptions: (schedule?.exceptions ?? []).map((e) => ({ date: e.date, blocks: e.blocks.map((b) => ({ ...b })) })),
  };
}

export function fromDraft(draft: ScheduleDraft): Schedule {
  return {
    timeZone: draft.timeZone.trim(),
    weekly: weeklyBlocks(draft.days),
    exceptions: [...draft.exceptions].sort((a, b) => a.date.localeCompare(b.date)).map((e) => ({ date: e.date, blocks: e.blocks })),
  };
}

const TIME = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/;

/** A block the server would refuse: a time that is not HH:MM (or 24:00), or an end not after its start. */
export function badTimeBlock(b: TimeBlock): boolean {
  return !TIME.test(b.start) || !TIME.test(b.end) || b.start >= b.end;
}

/** Whether the (trimmed) name is a time zone this browser knows. */
export function validZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone.trim() });
    return zone.trim().length > 0;
  } catch {
    return false;
  }
}

/** What the server would refuse: an unknown zone, a block not ending after it starts, a date twice or missing. */
export function draftProblems(draft: ScheduleDraft): boolean {
  const blocks = [...WEEKDAYS.flatMap((d) => draft.days[d]), ...draft.exceptions.flatMap((e) => e.blocks)];
  const badBlock = blocks.some(badTimeBlock);
  const dates = draft.exceptions.map((e) => e.date);
  const badDate = dates.some((d) => !/^\d{4}-\d{2}-\d{2}$/.test(d)) || new Set(dates).size !== dates.length;
  return !validZone(draft.timeZone) || badBlock || badDate;
}

/** A new block starts where the day's last one ended (or at 09:00), one hour long. */
export function nextBlock(blocks: readonly TimeBlock[]): TimeBlock {
  const last = blocks.at(-1)?.end ?? '09:00';
  const hour = Math.min(Number(last.slice(0, 2)), 22);
  const pad = (n: number) => String(n).padStart(2, '0');
  return { start: `${pad(hour)}:00`, end: `${pad(hour + 1)}:00` };
}
