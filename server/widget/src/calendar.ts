/**
 * Message cards in the widget (SPEC R12, R15): a shared calendar shows its free slots in the visitor's
 * time zone and books one; a meeting card is the confirmation, with an .ics download and Cancel. Each
 * card owns one DOM node that is rebuilt only when what it shows changes, so a click is never lost to a
 * re-render. Everything shown is set as text.
 */
import type { MessageCard, SlotList } from '../../../protocol/meetings.ts';
import type { VisitorConnection } from './api.ts';
import { meetingWhen, slotDays, dateIn } from './calendar-time.ts';
import { ERROR_MESSAGES, type Translate } from './i18n.ts';
import type { KeyValueStore } from './storage.ts';
import type { ChatLine } from './store.ts';
import { elementFactory } from './view.ts';

/** How many days of free slots a calendar card offers. */
export const SLOT_DAYS = 7;
export const ICS_PREFIX = 'switchboard:ics:';

export interface CalendarCardsDeps {
  doc: Document;
  t: Translate;
  locale: string;
  timeZone: string;
  now: () => number;
  kv: KeyValueStore;
  conversationId: () => string | null;
  /** a Blob URL for the .ics file (absent where the browser has none: no download link then) */
  objectUrl?: (ics: string) => string;
}

interface CalendarState {
  agentId: string;
  list: SlotList | null;
  loading: boolean;
  busy: boolean;
  error: string | null;
  /** the meeting this card booked, while it stands */
  bookedId: string | null;
}

interface MeetingState {
  busy: boolean;
  error: string | null;
}

type CardOf<T extends MessageCard['type']> = Extract<MessageCard, { type: T }>;

export function createCalendarCards(deps: CalendarCardsDeps) {
  const { t } = deps;
  const h = elementFactory(deps.doc);
  let conn: VisitorConnection | null = null;
  const calendars = new Map<string, CalendarState>();
  const meetings = new Map<string, MeetingState>();
  const nodes = new Map<string, { node: HTMLElement; shown: string }>();
  const icsUrls = new Map<string, string>();
  let lastLines: ChatLine[] = [];
  /** the chat has ended: its calendars book nothing more (a missed chat's fallback calendar still does) */
  let ended = false;

  const errorText = (code: keyof typeof ERROR_MESSAGES) => t(ERROR_MESSAGES[code]);
  const refresh = (): void => void render(lastLines, ended);

  /** `keepError`: the error shown says why the slots are loaded again, so it stays. */
  async function load(state: CalendarState, keepError = false): Promise<void> {
    if (!conn?.connected || ended) return;
    state.loading = true;
    if (!keepError) state.error = null;
    refresh();
    const from = dateIn(deps.now(), deps.timeZone);
    const ack = await conn.command('meetings:slots', { agentId: state.agentId, from, days: SLOT_DAYS, timeZone: deps.timeZone }).catch(() => null);
    state.loading = false;
    if (!ack) state.error = t('timeout');
    else if (ack.ok) state.list = ack.data;
    else state.error = errorText(ack.error);
    refresh();
  }

  async function book(state: CalendarState, start: number): Promise<void> {
    const conversationId = deps.conversationId();
    if (state.busy || !conversationId || ended) return;
    if (!conn?.connected) {
      state.error = t('offline');
      refresh();
      return;
    }
    state.busy = true;
    state.error = null;
    refresh();
    const ack = await conn.command('meetings:book', { agentId: state.agentId, start, conversationId }).catch(() => null);
    state.busy = false;
    if (!ack) state.error = t('timeout');
    else if (ack.ok) {
      deps.kv.set(ICS_PREFIX + ack.data.meeting.id, ack.data.ics);
      state.bookedId = ack.data.meeting.id;
    } else if (ack.error === 'conflict') {
      // somebody else was faster: say so and show what is still free
      state.error = t('calendarTaken');
      void load(state, true);
    } else state.error = errorText(ack.error);
    refresh();
  }

  async function cancel(meetingId: string): Promise<void> {
    const state = meetings.get(meetingId) ?? { busy: false, error: null };
    meetings.set(meetingId, state);
    if (state.busy) return;
    if (!conn?.connected) {
      state.error = t('offline');
      refresh();
      return;
    }
    state.busy = true;
    state.error = null;
    refresh();
    const ack = await conn.command('meetings:cancel', { meetingId }).catch(() => null);
    state.busy = false;
    if (!ack) state.error = t('timeout');
    else if (!ack.ok) state.error = errorText(ack.error);
    refresh();
  }

  function errorLine(text: string | null): HTMLElement[] {
    return text ? [h('p', { class: 'error', role: 'alert', 'data-testid': 'sb-calendar-error' }, [text])] : [];
  }

  function calendarContent(card: CardOf<'calendar'>, state: CalendarState): Node[] {
    const parts: Node[] = [h('p', { class: 'card-title' }, [t('calendarTitle', { agent: card.agentName })])];
    if (state.bookedId) return [...parts, h('p', {}, [t('calendarBooked')])];
    if (ended) return [...parts, h('p', { class: 'card-hint', 'data-testid': 'sb-calendar-closed' }, [t('calendarClosed')])];
    parts.push(h('p', { class: 'card-hint' }, [t('calendarZone', { zone: deps.timeZone })]));
    parts.push(...errorLine(state.error));
    if (state.loading || !state.list) {
      if (!state.error) parts.push(h('p', { class: 'card-hint' }, [t('calendarLoading')]));
      return parts;
    }
    const days = slotDays(state.list.slots, deps.timeZone, deps.locale);
    if (days.length === 0) parts.push(h('p', { class: 'card-hint' }, [t('calendarEmpty')]));
    for (const day of days) {
      const buttons = day.slots.map((slot) => {
        const button = h('button', { type: 'button', class: 'slot', 'data-testid': 'sb-slot', 'data-start': String(slot.start), 'aria-label': t('calendarBook', { when: slot.when }), disabled: state.busy }, [slot.time]);
        button.addEventListener('click', () => void book(state, slot.start));
        return button;
      });
      parts.push(h('p', { class: 'slot-day' }, [day.label]), h('div', { class: 'slots' }, buttons));
    }
    return parts;
  }

  const meetingTitle = (card: CardOf<'meeting'>) => t(card.status === 'booked' ? 'meetingBooked' : 'meetingCancelled', { agent: card.agentName });
  const when = (card: CardOf<'meeting'>) => meetingWhen(card.start, card.end, deps.timeZone, deps.locale);

  function meetingContent(card: CardOf<'meeting'>, state: MeetingState | undefined, ics: string | null): Node[] {
    const booked = card.status === 'booked';
    const parts: Node[] = [
      h('p', { class: 'card-title' }, [meetingTitle(card)]),
      h('p', {}, [when(card)]),
      ...errorLine(state?.error ?? null),
    ];
    if (!booked) return parts;
    const actions: Node[] = [];
    const url = ics && deps.objectUrl ? (icsUrls.get(card.meetingId) ?? deps.objectUrl(ics)) : null;
    if (url) {
      icsUrls.set(card.meetingId, url);
      actions.push(h('a', { class: 'button quiet', href: url, download: 'meeting.ics', 'data-testid': 'sb-ics-download' }, [t('meetingDownload')]));
    }
    const cancelButton = h('button', { type: 'button', class: 'button quiet', 'data-testid': 'sb-meeting-cancel', disabled: state?.busy === true }, [
      state?.busy ? t('meetingCancelling') : t('meetingCancel'),
    ]);
    cancelButton.addEventListener('click', () => void cancel(card.meetingId));
    actions.push(cancelButton);
    return [...parts, h('div', { class: 'card-actions' }, actions)];
  }

  function place(key: string, testid: string, shown: string, build: () => Node[], out: Map<string, Node>): void {
    let entry = nodes.get(key);
    if (!entry) {
      entry = { node: h('div', { class: 'card', 'data-testid': testid }), shown: '' };
      nodes.set(key, entry);
    }
    if (entry.shown !== shown) {
      entry.shown = shown;
      entry.node.replaceChildren(...build());
    }
    out.set(key, entry.node);
  }

  /** An earlier card of a meeting that changed since: what it said, as plain text in the visitor's language. */
  function pastMeeting(key: string, card: CardOf<'meeting'>, out: Map<string, Node>): void {
    const text = `${meetingTitle(card)}\n${when(card)}`;
    let entry = nodes.get(key);
    if (entry?.shown !== text) {
      entry = { node: h('div', { class: 'body' }, [text]), shown: text };
      nodes.set(key, entry);
    }
    out.set(key, entry.node);
  }

  /** The card nodes for the chat's lines, by line key; a line without one shows its text body. */
  function render(lines: ChatLine[], chatEnded = false): Map<string, Node> {
    lastLines = lines;
    ended = chatEnded;
    // the latest card of a meeting id is its state; earlier ones read as plain text
    const latest = new Map<string, { key: string; card: CardOf<'meeting'> }>();
    for (const line of lines) if (line.card?.type === 'meeting') latest.set(line.card.meetingId, { key: line.key, card: line.card });
    const position = new Map(lines.map((l, i) => [l.key, i]));
    const out = new Map<string, Node>();
    for (const line of lines) {
      const card = line.card;
      if (card?.type === 'calendar') {
        let state = calendars.get(line.key);
        if (!state) {
          // a meeting booked from this calendar earlier (before a reload) still stands: no slots then
          const standing = [...latest.values()].find(
            (m) => m.card.agentId === card.agentId && m.card.status === 'booked' && (position.get(m.key) ?? 0) > (position.get(line.key) ?? 0),
          );
          state = { agentId: card.agentId, list: null, loading: false, busy: false, error: null, bookedId: standing?.card.meetingId ?? null };
          calendars.set(line.key, state);
          if (!standing) void load(state);
        }
        if (state.bookedId && latest.get(state.bookedId)?.card.status === 'cancelled') {
          // the meeting is off again: offer the calendar anew
          state.bookedId = null;
          void load(state);
        }
        const current = state;
        place(line.key, 'sb-calendar-card', JSON.stringify([current, ended]), () => calendarContent(card, current), out);
      } else if (card?.type === 'meeting' && latest.get(card.meetingId)?.key === line.key) {
        const state = meetings.get(card.meetingId);
        const ics = deps.kv.get(ICS_PREFIX + card.meetingId);
        place(line.key, 'sb-meeting-confirmation', JSON.stringify([card, state, ics !== null]), () => meetingContent(card, state, ics), out);
        nodes.get(line.key)?.node.setAttribute('data-status', card.status);
      } else if (card?.type === 'meeting') {
        pastMeeting(line.key, card, out);
      }
    }
    return out;
  }

  return {
    render,
    attach(connection: VisitorConnection): void {
      conn = connection;
      // cards that could not load while offline load now
      connection.onConnect(() => {
        for (const state of calendars.values()) if (!state.list && !state.loading) void load(state);
      });
    },
  };
}

export type CalendarCards = ReturnType<typeof createCalendarCards>;
