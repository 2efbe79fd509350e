import { describe, expect, it, vi } from 'vitest';
import type { MessageCard } from '../../../protocol/meetings.ts';
import { createCalendarCards, ICS_PREFIX } from '../../../server/widget/src/calendar.ts';
import { createTranslator, type Locale } from '../../../server/widget/src/i18n.ts';
import { memoryStore } from '../../../server/widget/src/storage.ts';
import type { ChatLine } from '../../../server/widget/src/store.ts';
import { fakeConnection, translatorFor } from './helpers.ts';

const NOW = Date.parse('2026-11-23T08:00:00Z');
const SLOT_A = Date.parse('2026-11-23T10:00:00Z');
const SLOT_B = Date.parse('2026-11-23T11:00:00Z');

function line(key: string, card: MessageCard): ChatLine {
  return { key, author: 'system', authorName: null, body: 'card', pending: false, failed: false, card };
}
const calendarLine = line('cal-1', { type: 'calendar', agentId: 'a2', agentName: 'Bo' });
const meetingCard = (status: 'booked' | 'cancelled') =>
  ({ type: 'meeting', meetingId: 'm1', agentId: 'a2', agentName: 'Bo', start: SLOT_A, end: SLOT_A + 1_800_000, status }) as const;

function setup(locale: Locale = 'en') {
  const link = fakeConnection();
  const kv = memoryStore();
  const cards = createCalendarCards({
    doc: document,
    t: translatorFor(locale),
    locale: locale === 'en' ? 'en-GB' : locale,
    timeZone: 'Europe/Stockholm',
    now: () => NOW,
    kv,
    conversationId: () => 'c1',
    objectUrl: (ics) => `blob:test/${ics.length}`,
  });
  cards.attach(link.conn);
  link.conn.connect();
  const slotList = (starts: number[]) => ({ ok: true as const, data: { agentId: 'a2', agentName: 'Bo', lengthMinutes: 30, slots: starts.map((s) => ({ start: s, end: s + 1_800_000 })) } });
  return { link, kv, cards, slotList };
}

const buttons = (node: Node | undefined) => [...((node as HTMLElement).querySelectorAll<HTMLButtonElement>('[data-testid="sb-slot"]'))];

describe('widget calendar cards', () => {
  it('loads the free slots of the shared calendar for the visitor’s days and zone, one button per slot', async () => {
    const { link, cards, slotList } = setup();
    link.respond(() => slotList([SLOT_A, SLOT_B]));
    const node = cards.render([calendarLine]).get('cal-1');
    await vi.waitFor(() => expect(buttons(node)).toHaveLength(2));
    expect(link.commands('meetings:slots')).toEqual([{ agentId: 'a2', from: '2026-11-23', days: 7, timeZone: 'Europe/Stockholm' }]);
    expect(buttons(node).map((b) => [b.dataset.start, b.textContent])).toEqual([
      [String(SLOT_A), '11:00'],
      [String(SLOT_B), '12:00'],
    ]);
    expect((node as HTMLElement).dataset.testid).toBe('sb-calendar-card');
  });

  it('books the clicked slot and keeps the calendar file of the confirmation', async () => {
    const { link, kv, cards, slotList } = setup();
    link.respond((event) =>
      event === 'meetings:slots'
        ? slotList([SLOT_A])
        : { ok: true, data: { meeting: { id: 'm1', agentId: 'a2', agentName: 'Bo', start: SLOT_A, end: SLOT_A + 1, status: 'booked', conversationId: 'c1', visitorName: null, visitorEmail: null }, ics: 'BEGIN:VCALENDAR' } },
    );
    const node = cards.render([calendarLine]).get('cal-1') as HTMLElement;
    await vi.waitFor(() => expect(buttons(node)).toHaveLength(1));
    buttons(node)[0]!.click();
    await vi.waitFor(() => expect(kv.get(ICS_PREFIX + 'm1')).toBe('BEGIN:VCALENDAR'));
    expect(link.commands('meetings:book')).toEqual([{ agentId: 'a2', start: SLOT_A, conversationId: 'c1' }]);
    expect(node.textContent).toContain('Your meeting is booked.');
  });

  it('tells the visitor a slot was just taken and shows fresh slots', async () => {
    const { link, cards, slotList } = setup();
    let slotCalls = 0;
    link.respond((event) => (event === 'meetings:slots' ? slotList(++slotCalls === 1 ? [SLOT_A, SLOT_B] : [SLOT_B]) : { ok: false, error: 'conflict' }));
    const node = cards.render([calendarLine]).get('cal-1') as HTMLElement;
    await vi.waitFor(() => expect(buttons(node)).toHaveLength(2));
    buttons(node)[0]!.click();
    await vi.waitFor(() => expect(buttons(node).map((b) => Number(b.dataset.start))).toEqual([SLOT_B]));
    expect(node.querySelector('[data-testid="sb-calendar-error"]')?.textContent).toBe('Sorry, that time was just taken. Please pick another one.');
  });

  it('shows the latest card of a meeting as its confirmation with the .ics download and Cancel', async () => {
    const { link, kv, cards } = setup();
    kv.set(ICS_PREFIX + 'm1', 'BEGIN:VCALENDAR');
    link.respond(() => ({ ok: true, data: null }));
    const node = cards.render([line('b1', meetingCard('booked'))]).get('b1') as HTMLElement;
    expect(node.dataset.testid).toBe('sb-meeting-confirmation');
    expect(node.textContent).toContain('Meeting with Bo booked');
    expect(node.textContent).toContain('Monday 23 November, 11:00 – 11:30');
    const download = node.querySelector<HTMLAnchorElement>('[data-testid="sb-ics-download"]')!;
    expect([download.getAttribute('download'), download.getAttribute('href')]).toEqual(['meeting.ics', 'blob:test/15']);
    node.querySelector<HTMLButtonElement>('[data-testid="sb-meeting-cancel"]')!.click();
    await vi.waitFor(() => expect(link.commands('meetings:cancel')).toEqual([{ meetingId: 'm1' }]));
  });

  it('shows an earlier card of a meeting that was cancelled since as plain text, the cancellation as the card', () => {
    const { cards } = setup();
    const nodes = cards.render([line('b1', meetingCard('booked')), line('x1', meetingCard('cancelled'))]);
    const earlier = nodes.get('b1') as HTMLElement;
    expect([earlier.className, earlier.dataset.testid]).toEqual(['body', undefined]);
    expect(earlier.textContent).toBe('Meeting with Bo booked\nMonday 23 November, 11:00 – 11:30');
    expect(earlier.querySelector('button, a')).toBeNull();
    const cancelled = nodes.get('x1') as HTMLElement;
    expect(cancelled.dataset.status).toBe('cancelled');
    expect(cancelled.querySelector('[data-testid="sb-meeting-cancel"]')).toBeNull();
  });

  it('says a calendar card and a meeting, also an earlier one, in the visitor’s language (German), never in the English body', () => {
    const { link, cards } = setup('de');
    link.respond(() => new Promise(() => undefined));
    const nodes = cards.render([calendarLine, line('b1', meetingCard('booked')), line('x1', meetingCard('cancelled'))]);
    expect((nodes.get('cal-1') as HTMLElement).querySelector('.card-title')?.textContent).toBe('Termin mit Bo buchen');
    expect((nodes.get('b1') as HTMLElement).textContent).toBe('Termin mit Bo gebucht\nMontag, 23. November, 11:00 – 11:30');
    expect((nodes.get('x1') as HTMLElement).querySelector('.card-title')?.textContent).toBe('Termin mit Bo abgesagt');
    for (const node of nodes.values()) expect(node.textContent).not.toContain('card');
  });

  it('once the chat has ended, a calendar card drops its slots, says why, and books nothing', async () => {
    const { link, cards, slotList } = setup();
    link.respond(() => slotList([SLOT_A, SLOT_B]));
    const node = cards.render([calendarLine]).get('cal-1') as HTMLElement;
    await vi.waitFor(() => expect(buttons(node)).toHaveLength(2));
    const stale = buttons(node)[0]!;

    cards.render([calendarLine], true);
    expect(buttons(node)).toEqual([]);
    expect(node.querySelector('[data-testid="sb-calendar-closed"]')?.textContent).toBe('This chat has ended, so no meeting can be booked here.');
    stale.click();
    expect(link.commands('meetings:book')).toEqual([]);
  });

  it('keeps a card’s node across renders, so a button does not lose its focus', async () => {
    const { link, cards, slotList } = setup();
    link.respond(() => slotList([SLOT_A]));
    const first = cards.render([calendarLine]).get('cal-1');
    await vi.waitFor(() => expect(buttons(first)).toHaveLength(1));
    const button = buttons(first)[0];
    expect(cards.render([calendarLine]).get('cal-1')).toBe(first);
    expect(buttons(first)[0]).toBe(button);
  });
});

describe('widget calendar cards after a reload', () => {
  it('does not load slots for the calendar of a chat that has ended', () => {
    const { link, cards } = setup();
    const node = cards.render([calendarLine], true).get('cal-1') as HTMLElement;
    expect(node.querySelector('[data-testid="sb-calendar-closed"]')).not.toBeNull();
    expect(link.commands('meetings:slots')).toEqual([]);
  });

  it('does not offer slots again from a calendar whose meeting still stands', () => {
    const { link, cards } = setup();
    const nodes = cards.render([calendarLine, line('b1', meetingCard('booked'))]);
    expect((nodes.get('cal-1') as HTMLElement).textContent).toContain('Your meeting is booked.');
    expect(link.commands('meetings:slots')).toEqual([]);
  });
});
