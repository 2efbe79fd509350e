/**
 * Meetings (SPEC R12, R13): agents' meeting settings, sharing a calendar into a chat, free slots,
 * booking and cancelling. A booking is one transaction holding the calendar owner's settings row
 * lock, and a unique index on (agent, start) of booked meetings backs it up: of two visitors
 * reaching for one slot, one gets it and the other `conflict`.
 */
import { randomUUID } from 'node:crypto';
import { createEvent, type EventAttributes } from 'ics';
import { Temporal } from 'temporal-polyfill';
import { CommandError } from '../../protocol/ack.ts';
import type { MessageDTO } from '../../protocol/dto.ts';
import type { Locale } from '../../protocol/locales.ts';
import type {
  CalendarOption,
  MeetingConfirmation,
  MeetingDTO,
  MeetingSettings,
  MeetingsBookInput,
  MeetingsShareInput,
  MeetingsSlotsInput,
  MessageCard,
  SlotList,
} from '../../protocol/meetings.ts';
import { insertActivity } from '../db/activities.ts';
import { findConversation } from '../db/conversations.ts';
import {
  bookedMeetingsBetween,
  calendarAgents,
  calendarSharedWith,
  findMeeting,
  findMeetingSettings,
  getMeetingDTO,
  lockMeetingSettings,
  recordCalendarShare,
  saveMeetingSettings,
  toMeetingSettings,
  upcomingMeetings,
} from '../db/meetings.ts';
import { appendMessage, findMessageByClientId, toMessageDTO } from '../db/messages.ts';
import type { Db } from '../db/schema.ts';
import { inTransaction, isUniqueViolation } from '../db/tx.ts';
import type { UserRow } from '../db/users.ts';
import type { ServiceDeps } from './deps.ts';
import { announceMessage, toAgent, type Delivery, type Outcome } from './outcome.ts';
import { dayRange, freeSlots } from './slots.ts';

const DAY_MS = 86_400_000;

/** Who cancels: the visitor who booked, or the agent whose calendar it is. */
export type MeetingActor = { kind: 'visitor'; visitorId: string } | { kind: 'agent'; agent: UserRow };

export async function getMeetingSettings(deps: ServiceDeps, agent: UserRow): Promise<Outcome<MeetingSettings>> {
  return { result: toMeetingSettings(await findMeetingSettings(deps.db, agent.id)), events: [] };
}

export async function setMeetingSettings(deps: ServiceDeps, agent: UserRow, input: MeetingSettings): Promise<Outcome<MeetingSettings>> {
  await saveMeetingSettings(deps.db, agent.id, input, deps.clock.now());
  return { result: input, events: [] };
}

/** Agents whose calendar may be shared: the caller first (when they take meetings), then by name. */
export async function listCalendars(deps: ServiceDeps, agent: UserRow): Promise<Outcome<CalendarOption[]>> {
  const rows = await calendarAgents(deps.db);
  const options = rows.map((r) => ({ agentId: r.id, agentName: r.name }));
  const mine = options.filter((o) => o.agentId === agent.id);
  return { result: [...mine, ...options.filter((o) => o.agentId !== agent.id)], events: [] };
}

export async function agentMeetings(deps: ServiceDeps, agent: UserRow): Promise<Outcome<MeetingDTO[]>> {
  return { result: await upcomingMeetings(deps.db, agent.id, deps.clock.now()), events: [] };
}

async function calendarOwner(db: Db, agentId: string): Promise<{ id: string; name: string }> {
  const owner = (await calendarAgents(db)).find((a) => a.id === agentId);
  if (!owner) throw new CommandError('not_found');
  return owner;
}

interface CardPost {
  conversationId: string;
  owner: { id: string; name: string };
  author: { kind: 'agent'; name: string; clientId: string } | { kind: 'system' };
  now: number;
}

/**
 * Posts a calendar card into a chat and lets its visitor book in that calendar. Must run inside a
 * transaction. An agent's card needs the chat to be active; undefined when it is not.
 */
export async function postCalendarCard(trx: Db, post: CardPost) {
  const card: MessageCard = { type: 'calendar', agentId: post.owner.id, agentName: post.owner.name };
  const body = `Book a meeting with ${post.owner.name}`;
  const row =
    post.author.kind === 'agent'
      ? await appendMessage(trx, {
          conversationId: post.conversationId,
          clientId: post.author.clientId,
          author: 'agent',
          authorName: post.author.name,
          body,
          now: post.now,
          card,
          whileStatus: ['active'],
        })
      : await appendMessage(trx, {
          conversationId: post.conversationId,
          clientId: `system.${randomUUID()}`,
          author: 'system',
          authorName: null,
          body,
          now: post.now,
          card,
        });
  if (row) await recordCalendarShare(trx, post.conversationId, post.owner.id, post.now);
  return row;
}

/** `meetings:share`: the agent posts their own or another agent's calendar into a chat they hold. */
export async function shareCalendar(deps: ServiceDeps, agent: UserRow, input: MeetingsShareInput): Promise<Outcome<MessageDTO>> {
  const conversation = await findConversation(deps.db, input.conversationId);
  if (!conversation) throw new CommandError('not_found');
  if (conversation.agent_id !== agent.id) throw new CommandError('forbidden');
  const owner = await calendarOwner(deps.db, input.agentId);
  const clientId = input.clientId ?? `card.${randomUUID()}`;
  const repeat = async (): Promise<Outcome<MessageDTO> | null> => {
    const stored = await findMessageByClientId(deps.db, conversation.id, clientId);
    return stored ? { result: toMessageDTO(stored), events: [] } : null;
  };
  const earlier = await repeat();
  if (earlier) return earlier;
  try {
    return await inTransaction(deps.db, async (trx) => {
      const author = { kind: 'agent', name: agent.name, clientId } as const;
      const row = await postCalendarCard(trx, { conversationId: conversation.id, owner, author, now: deps.clock.now() });
      if (!row) throw new CommandError('conversation_ended');
      const message = toMessageDTO(row);
      return { result: message, events: announceMessage(conversation, message) };
    });
  } catch (error) {
    const raced = isUniqueViolation(error) ? await repeat() : null;
    if (raced) return raced;
    throw error;
  }
}

/**
 * Round robin over the calendars with weekly blocks: the one offered longest ago goes next. For the
 * routing fallback (SPEC R14); null when nobody takes meetings.
 */
export async function pickFallbackCalendar(db: Db, now: number): Promise<{ id: string; name: string } | null> {
  const candidates = (await calendarAgents(db))
    .filter((a) => (JSON.parse(a.weekly) as unknown[]).length > 0)
    .sort((a, b) => a.last_offered_at - b.last_offered_at);
  const chosen = candidates[0];
  if (!chosen) return null;
  await db.updateTable('meeting_settings').set({ last_offered_at: now }).where('agent_id', '=', chosen.id).execute();
  return { id: chosen.id, name: chosen.name };
}

/** The routing fallback's meeting offer: a round-robin calendar card as a system message, if any. */
export async function offerFallbackCalendar(trx: Db, deps: Pick<ServiceDeps, 'clock'>, conversationId: string): Promise<Delivery[]> {
  const now = deps.clock.now();
  const owner = await pickFallbackCalendar(trx, now);
  if (!owner) return [];
  const row = await postCalendarCard(trx, { conversationId, owner, author: { kind: 'system' }, now });
  const conversation = await findConversation(trx, conversationId);
  return row && conversation ? announceMessage(conversation, toMessageDTO(row)) : [];
}

/** `meetings:slots`: free slots of a calendar shared into one of the visitor's chats, over the visitor's days. */
export async function slotsFor(deps: ServiceDeps, visitorId: string, input: MeetingsSlotsInput): Promise<Outcome<SlotList>> {
  if (!(await calendarSharedWith(deps.db, visitorId, input.agentId))) throw new CommandError('not_found');
  const owner = await calendarOwner(deps.db, input.agentId);
  const settings = toMeetingSettings(await findMeetingSettings(deps.db, input.agentId));
  const range = dayRange(input.from, input.days, input.timeZone);
  const busy = await bookedMeetingsBetween(deps.db, input.agentId, range.start - DAY_MS, range.end + DAY_MS);
  const slots = freeSlots(settings, busy.map(toInterval), range, deps.clock.now());
  return { result: { agentId: owner.id, agentName: owner.name, lengthMinutes: settings.lengthMinutes, slots }, events: [] };
}

function toInterval(m: { start_at: number; end_at: number }) {
  return { start: m.start_at, end: m.end_at };
}

function utc(ms: number): string {
  const t = Temporal.Instant.fromEpochMilliseconds(ms).toZonedDateTimeISO('UTC');
  return `${t.toPlainDate().toString()} ${t.toPlainTime().toString({ smallestUnit: 'minute' })} UTC`;
}

function meetingCard(m: MeetingDTO): MessageCard {
  return { type: 'meeting', meetingId: m.id, agentId: m.agentId, agentName: m.agentName, start: m.start, end: m.end, status: m.status };
}

/** The calendar event's title, in the language of the widget the visitor books from ({agent}: the agent's name). */
const MEETING_TITLES: Record<Locale, string> = {
  en: 'Meeting with {agent}',
  de: 'Termin mit {agent}',
  sv: 'Möte med {agent}',
  nl: 'Afspraak met {agent}',
  es: 'Reunión con {agent}',
  fr: 'Rendez-vous avec {agent}',
};

/**
 * The meeting as an iCalendar event (RFC 5545), stamped with the service's clock, titled in `locale`
 * (the chat's; a chat from before languages were kept is English). It names no ORGANIZER: that property
 * needs the organizer's address, and the agent's email is not the visitor's to have.
 */
export function meetingIcs(m: MeetingDTO, stampedAt: number, locale: Locale | null = null): string {
  // `timestamp` (DTSTAMP) is in the library's schema but missing from its types
  const attributes: EventAttributes & { timestamp: number } = {
    timestamp: stampedAt,
    uid: `${m.id}@switchboard`,
    productId: 'switchboard/meetings',
    // a function, so that a `$&` in a name is not read as a replacement pattern
    title: MEETING_TITLES[locale ?? 'en'].replace('{agent}', () => m.agentName),
    start: m.start,
    startInputType: 'utc',
    startOutputType: 'utc',
    end: m.end,
    endInputType: 'utc',
    endOutputType: 'utc',
    status: 'CONFIRMED',
  };
  const { error, value } = createEvent(attributes);
  if (error || !value) throw error ?? new Error('ics produced nothing');
  return value;
}

/**
 * `meetings:book`: takes a free slot of a calendar shared into the visitor's chat, or answers `conflict`.
 * An ended chat's calendar books nothing more (`conversation_ended`); a missed chat's fallback calendar
 * is there to be booked after it.
 */
export async function bookMeeting(deps: ServiceDeps, visitorId: string, input: MeetingsBookInput): Promise<Outcome<MeetingConfirmation>> {
  try {
    return await inTransaction(deps.db, async (trx) => {
      const conversation = await findConversation(trx, input.conversationId);
      if (!conversation || conversation.visitor_id !== visitorId) throw new CommandError('not_found');
      if (conversation.status === 'ended') throw new CommandError('conversation_ended');
      if (!(await calendarSharedWith(trx, visitorId, input.agentId, conversation.id))) throw new CommandError('not_found');
      const settingsRow = await lockMeetingSettings(trx, input.agentId);
      if (!settingsRow || settingsRow.takes_meetings !== 1) throw new CommandError('not_found');
      const settings = toMeetingSettings(settingsRow);
      const now = deps.clock.now();
      // one person may not take every slot of a calendar: a verified contact counts with all its browsers
      const samePerson = trx
        .selectFrom('visitors as v')
        .select('v.id')
        .where((eb) => eb.or([eb('v.id', '=', visitorId), eb('v.contact_id', '=', eb.selectFrom('visitors').select('contact_id').where('id', '=', visitorId))]));
      const ahead = await trx
        .selectFrom('meetings')
        .select('id')
        .where('visitor_id', 'in', samePerson)
        .where('status', '=', 'booked')
        .where('end_at', '>', now)
        .limit(deps.config.visitorLimits.futureMeetings)
        .execute();
      if (ahead.length >= deps.config.visitorLimits.futureMeetings) throw new CommandError('rate_limited');
      const busy = await bookedMeetingsBetween(trx, input.agentId, input.start - DAY_MS, input.start + DAY_MS);
      const slot = freeSlots(settings, busy.map(toInterval), { start: input.start, end: input.start + 1 }, now)[0];
      // taken meanwhile, or never a slot: either way the visitor should look at fresh slots
      if (!slot) throw new CommandError('conflict');
      const id = randomUUID();
      await trx
        .insertInto('meetings')
        .values({
          id,
          agent_id: input.agentId,
          visitor_id: visitorId,
          conversation_id: conversation.id,
          start_at: slot.start,
          end_at: slot.end,
          status: 'booked',
          created_at: now,
          cancelled_at: null,
        })
        .execute();
      const meeting = await getMeetingDTO(trx, id);
      const events = await meetingChanged(trx, meeting, visitorId, now, `Meeting booked with ${meeting.agentName}: ${utc(meeting.start)}`);
      events.push(toAgent(meeting.agentId, 'meeting:booked', meeting));
      return { result: { meeting, ics: meetingIcs(meeting, now, conversation.locale) }, events };
    });
  } catch (error) {
    // the other booking of the same slot committed first
    if (isUniqueViolation(error)) throw new CommandError('conflict');
    throw error;
  }
}

/** Records the activity and tells both sides of the chat with a meeting card. */
async function meetingChanged(trx: Db, meeting: MeetingDTO, visitorId: string, now: number, body: string): Promise<Delivery[]> {
  const type = meeting.status === 'booked' ? 'meeting_booked' : 'meeting_cancelled';
  await insertActivity(trx, {
    visitorId,
    type,
    at: now,
    conversationId: meeting.conversationId,
    title: meeting.agentName,
    meeting: { id: meeting.id, start: meeting.start, end: meeting.end },
  });
  if (!meeting.conversationId) return [];
  const row = await appendMessage(trx, {
    conversationId: meeting.conversationId,
    clientId: `system.${randomUUID()}`,
    author: 'system',
    authorName: null,
    body,
    now,
    card: meetingCard(meeting),
  });
  const conversation = await findConversation(trx, meeting.conversationId);
  return row && conversation ? announceMessage(conversation, toMessageDTO(row)) : [];
}

/** `meetings:cancel`: frees the slot. Cancelling a cancelled meeting answers it as it is. */
export function cancelMeeting(deps: ServiceDeps, actor: MeetingActor, meetingId: string): Promise<Outcome<MeetingDTO>> {
  return inTransaction(deps.db, async (trx) => {
    const row = await findMeeting(trx, meetingId);
    const mine = actor.kind === 'visitor' ? row?.visitor_id === actor.visitorId : row?.agent_id === actor.agent.id;
    if (!row || !mine) throw new CommandError('not_found');
    const now = deps.clock.now();
    const changed = await trx
      .updateTable('meetings')
      .set({ status: 'cancelled', cancelled_at: now })
      .where('id', '=', meetingId)
      .where('status', '=', 'booked')
      .executeTakeFirst();
    const meeting = await getMeetingDTO(trx, meetingId);
    if (changed.numUpdatedRows === 0n) return { result: meeting, events: [] };
    const by = actor.kind === 'visitor' ? 'the visitor' : actor.agent.name;
    const events = await meetingChanged(trx, meeting, row.visitor_id, now, `Meeting on ${utc(meeting.start)} cancelled by ${by}`);
    events.push(toAgent(meeting.agentId, 'meeting:cancelled', meeting));
    return { result: meeting, events };
  });
}
