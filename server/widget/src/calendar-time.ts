/**
 * Dates and times of a shared calendar as the visitor sees them: in the visitor's own time zone,
 * formatted by Intl in the widget's language. Pure, so the day grouping is tested without a DOM.
 */
import type { Slot } from '../../../protocol/meetings.ts';

/** The visitor's IANA zone as the browser reports it; UTC when it reports none. */
export function visitorTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** The calendar date (YYYY-MM-DD) of an instant in a zone. */
export function dateIn(ms: number, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(ms);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

export interface SlotDay {
  date: string;
  label: string;
  slots: Array<Slot & { time: string; when: string }>;
}

/** Slots grouped by the visitor's day, in time order, each with its time and a full date-time label. */
export function slotDays(slots: readonly Slot[], timeZone: string, locale: string): SlotDay[] {
  const dayFormat = new Intl.DateTimeFormat(locale, { timeZone, weekday: 'long', day: 'numeric', month: 'long' });
  const timeFormat = new Intl.DateTimeFormat(locale, { timeZone, hour: '2-digit', minute: '2-digit' });
  const days: SlotDay[] = [];
  for (const slot of [...slots].sort((a, b) => a.start - b.start)) {
    const date = dateIn(slot.start, timeZone);
    let day = days.at(-1);
    if (day?.date !== date) {
      day = { date, label: dayFormat.format(slot.start), slots: [] };
      days.push(day);
    }
    const time = timeFormat.format(slot.start);
    day.slots.push({ ...slot, time, when: `${day.label}, ${time}` });
  }
  return days;
}

/** A meeting's date and time range, e.g. "Tuesday, 24 November, 10:00 – 10:30". */
export function meetingWhen(start: number, end: number, timeZone: string, locale: string): string {
  const day = new Intl.DateTimeFormat(locale, { timeZone, weekday: 'long', day: 'numeric', month: 'long' }).format(start);
  const time = new Intl.DateTimeFormat(locale, { timeZone, hour: '2-digit', minute: '2-digit' });
  return `${day}, ${time.format(start)} – ${time.format(end)}`;
}
