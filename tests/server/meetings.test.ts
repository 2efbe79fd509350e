import ICAL from 'ical.js';
import { Temporal } from 'temporal-polyfill';
import { afterEach, describe, expect, it } from 'vitest';
import type { MeetingSettings, MessageCard } from '../../protocol/meetings.ts';
import { listActivities } from '../../server/services/activities.ts';
import { signEmail } from '../../server/services/identity.ts';
import { pickFallbackCalendar } from '../../server/services/meetings.ts';
import { activeChat, expectOk, startHarness, type Harness } from './helpers.ts';

let h: Harness;
afterEach(async () => {
  await h?.close();
});

const STO = 'Europe/Stockholm';
const at = (local: string, timeZone = STO) => Temporal.PlainDateTime.from(local).toZonedDateTime(timeZone).epochMilliseconds;

/** Mondays 09:00–12:00 in Stockholm, one-hour meetings. */
const MONDAYS: MeetingSettings = {
  timeZone: STO,
  weekly: [{ day: 1, start: '09:00', end: '12:00' }],
  lengthMinutes: 60,
  bufferMinutes: 0,
  takesMeetings: true,
};
const MONDAY_SLOTS = ['2026-11-23T09:00', '2026-11-23T10:00', '2026-11-23T11:00'].map((t) => at(t));

/**
 * Cal takes meetings and is unavailable for chats; Ana holds the visitors' chats. Friday 20 Nov 2026,
 * so the next Monday's slots lie ahead.
 */
async function setup(chats = 1) {
  h = await startHarness();
  h.clock.t = at('2026-11-20T12:00');
  const cal = await h.onlineAgent('Cal Calendar');
  expectOk(await cal.client.call('availability:set', { available: false }));
  expectOk(await cal.client.call('meetings:setSettings', MONDAYS));
  const ana = await h.onlineAgent('Ana Agent');
  const visitors = [];
  for (let i = 0; i < chats; i++) visitors.push(await activeChat(h, ana.client, `Visitor ${i}`));
  return { cal, ana, visitors };
}

async function share(ana: Awaited<ReturnType<typeof setup>>['ana'], conversationId: string, agentId: string) {
  return expectOk(await ana.client.call('meetings:share', { conversationId, agentId }));
}

describe('meeting settings (R13)', () => {
  it('answers defaults before the agent saves any, and what was saved afterwards', async () => {
    h = await startHarness();
    const a = await h.onlineAgent();
    const defaults = expectOk(await a.client.call('meetings:getSettings', {}));
    expect(defaults.takesMeetings).toBe(false);
    expectOk(await a.client.call('meetings:setSettings', MONDAYS));
    expect(expectOk(await a.client.call('meetings:getSettings', {}))).toEqual(MONDAYS);
  });

  it('refuses an unknown time zone and a block that ends before it starts', async () => {
    h = await startHarness();
    const a = await h.onlineAgent();
    expect(await a.client.call('meetings:setSettings', { ...MONDAYS, timeZone: 'Mars/Olympus' })).toEqual({ ok: false, error: 'invalid_payload' });
    const backwards = { ...MONDAYS, weekly: [{ day: 1, start: '12:00', end: '09:00' }] };
    expect(await a.client.call('meetings:setSettings', backwards)).toEqual({ ok: false, error: 'invalid_payload' });
  });

  it('lists the calendars of agents who take meetings, the caller first', async () => {
    const { cal, ana } = await setup(0);
    const zed = await h.onlineAgent('Aaron Early');
    expectOk(await zed.client.call('meetings:setSettings', MONDAYS));
    expectOk(await ana.client.call('meetings:setSettings', { ...MONDAYS, takesMeetings: false }));
    const forCal = expectOk(await cal.client.call('meetings:calendars', {}));
    expect(forCal.map((c) => c.agentName)).toEqual(['Cal Calendar', 'Aaron Early']);
    const forAna = expectOk(await ana.client.call('meetings:calendars', {}));
    expect(forAna.map((c) => c.agentName)).toEqual(['Aaron Early', 'Cal Calendar']);
  });
});

describe('sharing a calendar (R12)', () => {
  it('posts a calendar card into the chat that both sides receive', async () => {
    const { cal, ana, visitors } = await setup();
    const [v] = visitors;
    const message = await share(ana, v!.conversationId, cal.agent.id);
    const card: MessageCard = { type: 'calendar', agentId: cal.agent.id, agentName: 'Cal Calendar' };
    expect(message).toMatchObject({ author: 'agent', authorName: 'Ana Agent', card });
    expect((await v!.visitor.waitFor('message:created', (m) => m.id === message.id)).card).toEqual(card);
    expect((await ana.client.waitFor('message:created', (m) => m.id === message.id)).card).toEqual(card);
  });

  it('keeps the card when a client pulls what it missed', async () => {
    const { cal, ana, visitors } = await setup();
    const message = await share(ana, visitors[0]!.conversationId, cal.agent.id);
    const snapshot = expectOk(await visitors[0]!.visitor.call('sync:pull', { conversationId: visitors[0]!.conversationId, afterSeq: 0 }));
    expect(snapshot.messages.find((m) => m.id === message.id)?.card?.type).toBe('calendar');
  });

  it('stores a card once per client id', async () => {
    const { cal, ana, visitors } = await setup();
    const input = { conversationId: visitors[0]!.conversationId, agentId: cal.agent.id, clientId: 'card-1' };
    const first = expectOk(await ana.client.call('meetings:share', input));
    const again = expectOk(await ana.client.call('meetings:share', input));
    expect(again.id).toBe(first.id);
  });

  it('refuses another agent’s chat and a calendar of someone who takes no meetings', async () => {
    const { cal, ana, visitors } = await setup();
    expect(await cal.client.call('meetings:share', { conversationId: visitors[0]!.conversationId, agentId: cal.agent.id })).toEqual({
      ok: false,
      error: 'forbidden',
    });
    expect(await ana.client.call('meetings:share', { conversationId: visitors[0]!.conversationId, agentId: ana.agent.id })).toEqual({
      ok: false,
      error: 'not_found',
    });
  });
});

describe('slots and booking (R12, R13)', () => {
  it('shows no slots of a calendar nobody shared with the visitor', async () => {
    const { cal, visitors } = await setup();
    const ask = { agentId: cal.agent.id, from: '2026-11-23', days: 1, timeZone: STO };
    expect(await visitors[0]!.visitor.call('meetings:slots', ask)).toEqual({ ok: false, error: 'not_found' });
  });

  it('lists the shared calendar’s free slots over the visitor’s days', async () => {
    const { cal, ana, visitors } = await setup();
    await share(ana, visitors[0]!.conversationId, cal.agent.id);
    const list = expectOk(
      await visitors[0]!.visitor.call('meetings:slots', { agentId: cal.agent.id, from: '2026-11-23', days: 7, timeZone: 'America/New_York' }),
    );
    // the New York week starting Monday begins at 06:00 Stockholm time, before the first slot
    expect(list).toMatchObject({ agentId: cal.agent.id, agentName: 'Cal Calendar', lengthMinutes: 60 });
    expect(list.slots.map((s) => s.start)).toEqual(MONDAY_SLOTS);
  });

  it('a visitor holds at most LIMIT_FUTURE_MEETINGS meetings ahead; cancelling one frees a booking', async () => {
    const { cal, ana, visitors } = await setup();
    const v = visitors[0]!;
    await share(ana, v.conversationId, cal.agent.id);
    const book = (start: number) => v.visitor.call('meetings:book', { agentId: cal.agent.id, start, conversationId: v.conversationId });
    const booked = [];
    for (const start of MONDAY_SLOTS) booked.push(expectOk(await book(start)).meeting);
    const nextMonday = at('2026-11-30T09:00');
    expect(await book(nextMonday)).toEqual({ ok: false, error: 'rate_limited' });
    expectOk(await v.visitor.call('meetings:cancel', { meetingId: booked[0]!.id }));
    expectOk(await book(nextMonday));
  });

  it('a verified contact holds at most LIMIT_FUTURE_MEETINGS meetings across all its browsers', async () => {
    const SECRET = 'k3X9pQ2vL7mZ4tR8wY1nB6cF0hJ5sD2g';
    h = await startHarness({ SITE_SECRET: SECRET, LIMIT_FUTURE_MEETINGS: '2' });
    h.clock.t = at('2026-11-20T12:00');
    const cal = await h.onlineAgent('Cal Calendar');
    expectOk(await cal.client.call('availability:set', { available: false }));
    expectOk(await cal.client.call('meetings:setSettings', MONDAYS));
    const ana = await h.onlineAgent('Ana Agent');
    const issuedAt = Math.floor(h.clock.now() / 1000);
    const identity = { email: 'pat@example.test', issuedAt, signature: signEmail('pat@example.test', issuedAt, SECRET) };
    const browsers: Array<Awaited<ReturnType<typeof activeChat>>> = [];
    for (const name of ['Pat at work', 'Pat at home']) {
      const chat = await activeChat(h, ana.client, name);
      expect(expectOk(await chat.visitor.call('visitor:identify', identity))).toEqual({ verified: true });
      await share(ana, chat.conversationId, cal.agent.id);
      browsers.push(chat);
    }
    const book = (v: (typeof browsers)[number], start: number) => v.visitor.call('meetings:book', { agentId: cal.agent.id, start, conversationId: v.conversationId });
    expectOk(await book(browsers[0]!, MONDAY_SLOTS[0]!));
    expectOk(await book(browsers[1]!, MONDAY_SLOTS[1]!));
    // the same person from either browser is at the limit; someone else is not
    expect(await book(browsers[0]!, MONDAY_SLOTS[2]!)).toEqual({ ok: false, error: 'rate_limited' });
    expect(await book(browsers[1]!, MONDAY_SLOTS[2]!)).toEqual({ ok: false, error: 'rate_limited' });
    const stranger = await activeChat(h, ana.client, 'Someone Else');
    await share(ana, stranger.conversationId, cal.agent.id);
    expectOk(await book(stranger, MONDAY_SLOTS[2]!));
  });

  it('titles the .ics in the language the visitor’s chat started in, with the agent’s name as written', async () => {
    h = await startHarness();
    h.clock.t = at('2026-11-20T12:00');
    const cal = await h.onlineAgent('Zoë $& $1 Berg');
    expectOk(await cal.client.call('availability:set', { available: false }));
    expectOk(await cal.client.call('meetings:setSettings', MONDAYS));
    const ana = await h.onlineAgent('Ana Agent');
    const titles: string[] = [];
    for (const [i, locale] of (['de', 'fr', undefined] as const).entries()) {
      const visitor = await h.connectVisitor();
      const started = expectOk(await visitor.call('chat:start', { name: `Visitor ${i}`, email: 'v@example.test', ...(locale ? { locale } : {}) }));
      const offer = await ana.client.waitFor('offer:created', (o) => o.conversationId === started.conversation.id);
      expectOk(await ana.client.call('offer:accept', { offerId: offer.id }));
      await share(ana, started.conversation.id, cal.agent.id);
      const confirmation = expectOk(await visitor.call('meetings:book', { agentId: cal.agent.id, start: MONDAY_SLOTS[i]!, conversationId: started.conversation.id }));
      titles.push(new ICAL.Event(new ICAL.Component(ICAL.parse(confirmation.ics)).getFirstSubcomponent('vevent')!).summary);
    }
    expect(titles).toEqual(['Termin mit Zoë $& $1 Berg', 'Rendez-vous avec Zoë $& $1 Berg', 'Meeting with Zoë $& $1 Berg']);
  });

  it('books a slot: confirmation with .ics, a card to both sides, the owner told, the slot gone, the activity stored', async () => {
    const { cal, ana, visitors } = await setup();
    const v = visitors[0]!;
    await share(ana, v.conversationId, cal.agent.id);
    const confirmation = expectOk(await v.visitor.call('meetings:book', { agentId: cal.agent.id, start: MONDAY_SLOTS[1]!, conversationId: v.conversationId }));
    expect(confirmation.meeting).toMatchObject({ agentId: cal.agent.id, start: MONDAY_SLOTS[1], end: MONDAY_SLOTS[1]! + 3_600_000, status: 'booked' });
    // read by a real iCalendar parser, as a calendar application would
    const event = new ICAL.Event(new ICAL.Component(ICAL.parse(confirmation.ics)).getFirstSubcomponent('vevent')!);
    expect(event.startDate.toUnixTime() * 1000).toBe(MONDAY_SLOTS[1]);
    expect(event.endDate.toUnixTime() * 1000).toBe(MONDAY_SLOTS[1]! + 3_600_000);
    expect(event.summary).toBe('Meeting with Cal Calendar');
    expect(event.uid).toBe(`${confirmation.meeting.id}@switchboard`);
    const vevent = event.component;
    expect(vevent.getFirstPropertyValue('dtstamp')!.toString()).toBe(new Date(h.clock.now()).toISOString().replace(/\.\d{3}Z$/, 'Z'));
    // every property has a value (an ORGANIZER with only a CN is what calendars refused)
    for (const property of vevent.getAllProperties()) expect(String(property.getFirstValue() ?? '')).not.toBe('');

    const isConfirmation = (m: { card?: MessageCard }) => m.card?.type === 'meeting';
    const seenByVisitor = await v.visitor.waitFor('message:created', isConfirmation);
    const seenByAgent = await ana.client.waitFor('message:created', isConfirmation);
    expect(seenByVisitor.id).toBe(seenByAgent.id);
    expect(seenByVisitor.card).toMatchObject({ meetingId: confirmation.meeting.id, status: 'booked', start: MONDAY_SLOTS[1] });
    expect((await cal.client.waitFor('meeting:booked')).id).toBe(confirmation.meeting.id);
    expect(expectOk(await cal.client.call('meetings:list', {})).map((m) => m.id)).toEqual([confirmation.meeting.id]);

    const list = expectOk(await v.visitor.call('meetings:slots', { agentId: cal.agent.id, from: '2026-11-23', days: 1, timeZone: STO }));
    expect(list.slots.map((s) => s.start)).toEqual([MONDAY_SLOTS[0], MONDAY_SLOTS[2]]);
    const history = await listActivities(h.app.db, { visitorId: await visitorIdOf(v.conversationId) }, h.clock.now());
    expect(history?.[0]).toMatchObject({ type: 'meeting_booked', title: 'Cal Calendar', meeting: { id: confirmation.meeting.id } });
  });

  it('two simultaneous bookings of one slot: one wins, the other gets conflict and fresh slots without it', async () => {
    const { cal, ana, visitors } = await setup(2);
    for (const v of visitors) await share(ana, v.conversationId, cal.agent.id);
    const start = MONDAY_SLOTS[0]!;
    const answers = await Promise.all(
      visitors.map((v) => v.visitor.call('meetings:book', { agentId: cal.agent.id, start, conversationId: v.conversationId })),
    );
    expect(answers.filter((a) => a.ok)).toHaveLength(1);
    expect(answers.filter((a) => !a.ok)).toEqual([{ ok: false, error: 'conflict' }]);
    const loser = visitors[answers.findIndex((a) => !a.ok)]!;
    const fresh = expectOk(await loser.visitor.call('meetings:slots', { agentId: cal.agent.id, from: '2026-11-23', days: 1, timeZone: STO }));
    expect(fresh.slots.map((s) => s.start)).toEqual(MONDAY_SLOTS.slice(1));
    const booked = await h.app.db.selectFrom('meetings').select('id').where('status', '=', 'booked').execute();
    expect(booked).toHaveLength(1);
  });

  it('refuses a booking from the calendar of a chat that has ended, and stores no meeting', async () => {
    const { cal, ana, visitors } = await setup();
    const v = visitors[0]!;
    await share(ana, v.conversationId, cal.agent.id);
    expectOk(await ana.client.call('conversation:end', { conversationId: v.conversationId }));

    const booking = { agentId: cal.agent.id, start: MONDAY_SLOTS[0]!, conversationId: v.conversationId };
    expect(await v.visitor.call('meetings:book', booking)).toEqual({ ok: false, error: 'conversation_ended' });
    expect(await h.app.db.selectFrom('meetings').select('id').execute()).toEqual([]);
  });

  it('refuses a start that is no free slot, and a chat the calendar was not shared into', async () => {
    const { cal, ana, visitors } = await setup(2);
    const [v, other] = visitors;
    await share(ana, v!.conversationId, cal.agent.id);
    const offGrid = { agentId: cal.agent.id, start: MONDAY_SLOTS[0]! + 15 * 60_000, conversationId: v!.conversationId };
    expect(await v!.visitor.call('meetings:book', offGrid)).toEqual({ ok: false, error: 'conflict' });
    const notShared = { agentId: cal.agent.id, start: MONDAY_SLOTS[0]!, conversationId: other!.conversationId };
    expect(await other!.visitor.call('meetings:book', notShared)).toEqual({ ok: false, error: 'not_found' });
    const someoneElses = { agentId: cal.agent.id, start: MONDAY_SLOTS[0]!, conversationId: v!.conversationId };
    expect(await other!.visitor.call('meetings:book', someoneElses)).toEqual({ ok: false, error: 'not_found' });
  });

  it('cancel frees the slot, tells the owner and both sides, and records the cancellation', async () => {
    const { cal, ana, visitors } = await setup(2);
    const [v, other] = visitors;
    for (const x of visitors) await share(ana, x.conversationId, cal.agent.id);
    const start = MONDAY_SLOTS[2]!;
    const { meeting } = expectOk(await v!.visitor.call('meetings:book', { agentId: cal.agent.id, start, conversationId: v!.conversationId }));
    expect(await other!.visitor.call('meetings:cancel', { meetingId: meeting.id })).toEqual({ ok: false, error: 'not_found' });

    h.clock.advance(1000);
    const cancelled = expectOk(await v!.visitor.call('meetings:cancel', { meetingId: meeting.id }));
    expect(cancelled.status).toBe('cancelled');
    expect((await cal.client.waitFor('meeting:cancelled')).id).toBe(meeting.id);
    const notice = await ana.client.waitFor('message:created', (m) => m.card?.type === 'meeting' && m.card.status === 'cancelled');
    expect(notice.conversationId).toBe(v!.conversationId);
    expect(expectOk(await cal.client.call('meetings:list', {}))).toEqual([]);
    // cancelling again changes nothing
    expect(expectOk(await v!.visitor.call('meetings:cancel', { meetingId: meeting.id })).status).toBe('cancelled');

    expectOk(await other!.visitor.call('meetings:book', { agentId: cal.agent.id, start, conversationId: other!.conversationId }));
    const history = await listActivities(h.app.db, { visitorId: await visitorIdOf(v!.conversationId) }, h.clock.now());
    expect(history?.map((a) => a.type)).toEqual(['meeting_cancelled', 'meeting_booked']);
  });

  it('lets the calendar’s owner cancel, and nobody else', async () => {
    const { cal, ana, visitors } = await setup();
    const v = visitors[0]!;
    await share(ana, v.conversationId, cal.agent.id);
    const { meeting } = expectOk(await v.visitor.call('meetings:book', { agentId: cal.agent.id, start: MONDAY_SLOTS[0]!, conversationId: v.conversationId }));
    expect(await ana.client.call('meetings:cancel', { meetingId: meeting.id })).toEqual({ ok: false, error: 'not_found' });
    expect(expectOk(await cal.client.call('meetings:cancel', { meetingId: meeting.id })).status).toBe('cancelled');
    const notice = await v.visitor.waitFor('message:created', (m) => m.card?.type === 'meeting' && m.card.status === 'cancelled');
    expect(notice.body).toContain('Cal Calendar');
  });

  it('slots that have passed cannot be booked', async () => {
    const { cal, ana, visitors } = await setup();
    const v = visitors[0]!;
    await share(ana, v.conversationId, cal.agent.id);
    h.clock.t = at('2026-11-23T10:30');
    const list = expectOk(await v.visitor.call('meetings:slots', { agentId: cal.agent.id, from: '2026-11-23', days: 1, timeZone: STO }));
    expect(list.slots.map((s) => s.start)).toEqual([MONDAY_SLOTS[2]]);
    const late = { agentId: cal.agent.id, start: MONDAY_SLOTS[0]!, conversationId: v.conversationId };
    expect(await v.visitor.call('meetings:book', late)).toEqual({ ok: false, error: 'conflict' });
  });
});

describe('fallback calendar (R14)', () => {
  it('takes turns among agents who take meetings and have blocks', async () => {
    h = await startHarness();
    const one = await h.onlineAgent('One');
    const two = await h.onlineAgent('Two');
    const none = await h.onlineAgent('No blocks');
    expectOk(await one.client.call('meetings:setSettings', MONDAYS));
    expectOk(await two.client.call('meetings:setSettings', MONDAYS));
    expectOk(await none.client.call('meetings:setSettings', { ...MONDAYS, weekly: [] }));
    const picks = [];
    for (let i = 0; i < 4; i++) {
      h.clock.advance(1000);
      picks.push((await pickFallbackCalendar(h.app.db, h.clock.now()))?.name);
    }
    expect(new Set(picks.slice(0, 2))).toEqual(new Set(['One', 'Two']));
    expect(picks.slice(2)).toEqual(picks.slice(0, 2));
  });

  it('offers nobody when nobody takes meetings', async () => {
    h = await startHarness();
    expect(await pickFallbackCalendar(h.app.db, h.clock.now())).toBeNull();
  });
});

async function visitorIdOf(conversationId: string): Promise<string> {
  const row = await h.app.db.selectFrom('conversations').select('visitor_id').where('id', '=', conversationId).executeTakeFirstOrThrow();
  return row.visitor_id;
}
