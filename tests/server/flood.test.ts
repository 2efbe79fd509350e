/**
 * One bot, one address, everything at full speed and on the default budgets: it floods messages,
 * sessions, chat starts and bookings. The desk must stay usable: the agents receive at most the
 * burst, and an honest visitor from another address is served at once.
 */
import { randomUUID } from 'node:crypto';
import { Temporal } from 'temporal-polyfill';
import { afterEach, describe, expect, it } from 'vitest';
import type { MeetingSettings } from '../../protocol/meetings.ts';
import { expectOk, proxiedVisitor, startHarness, type Harness } from './helpers.ts';

let h: Harness;
afterEach(async () => {
  await h?.close();
});

const BOT = '198.51.100.66';
const HONEST = '203.0.113.10';
const STO = 'Europe/Stockholm';
const at = (local: string) => Temporal.PlainDateTime.from(local).toZonedDateTime(STO).epochMilliseconds;

/** Every weekday 09:00–17:00, half-hour meetings: far more slots than any one visitor may take. */
const WEEKDAYS: MeetingSettings = {
  timeZone: STO,
  weekly: [1, 2, 3, 4, 5].map((day) => ({ day, start: '09:00', end: '17:00' })),
  lengthMinutes: 30,
  bufferMinutes: 0,
  takesMeetings: true,
};

describe('a flood from one bot, on the default budgets', () => {
  it('messages, sessions, chat starts and bookings are cut at their budgets; an honest visitor is served at once', async () => {
    // the per-address budgets at their defaults (the harness lifts them for its loopback clients)
    h = await startHarness({ TRUST_PROXY: '1', LIMIT_SESSIONS_PER_ADDRESS: '30', LIMIT_CHATS_PER_ADDRESS: '20', LIMIT_CONNECTIONS_PER_ADDRESS: '60' });
    h.clock.t = at('2026-11-20T12:00');
    // a desk of three (30 chats) and a colleague who only takes meetings
    const agents = [await h.onlineAgent('Ana'), await h.onlineAgent('Bo'), await h.onlineAgent('Cy')];
    const cal = await h.onlineAgent('Cal');
    expectOk(await cal.client.call('availability:set', { available: false }));
    expectOk(await cal.client.call('meetings:setSettings', WEEKDAYS));
    // every offer is accepted; the answers are awaited at the end, before the harness closes the sockets
    const accepts: Array<Promise<unknown>> = [];
    for (const agent of agents) {
      agent.client.socket.on('offer:created', (offer: { id: string }) => accepts.push(agent.client.call('offer:accept', { offerId: offer.id })));
    }

    const bot = (await proxiedVisitor(h, BOT))!;
    const { conversation } = expectOk(await bot.call('chat:start', { name: 'Bot', email: 'bot@example.test' }));
    const holder = await waitForAssignment(agents, conversation.id);

    // messages: 200 at once
    const sends = await Promise.all(
      Array.from({ length: 200 }, (_, i) => bot.call('message:send', { conversationId: conversation.id, clientId: randomUUID(), body: `spam ${i}` })),
    );
    expect(sends.filter((a) => a.ok)).toHaveLength(10);
    expect(sends.filter((a) => !a.ok).every((a) => !a.ok && a.error === 'rate_limited')).toBe(true);
    await holder.client.flush();
    expect(holder.client.received('message:created').filter((m) => m.conversationId === conversation.id && m.author === 'visitor')).toHaveLength(10);

    // bookings: every slot of the next week at once
    expectOk(await holder.client.call('meetings:share', { conversationId: conversation.id, agentId: cal.agent.id }));
    const week = expectOk(await bot.call('meetings:slots', { agentId: cal.agent.id, from: '2026-11-23', days: 5, timeZone: STO }));
    expect(week.slots.length).toBeGreaterThan(50);
    const bookings = await Promise.all(week.slots.map((s) => bot.call('meetings:book', { agentId: cal.agent.id, start: s.start, conversationId: conversation.id })));
    expect(bookings.filter((b) => b.ok)).toHaveLength(3);

    // sessions and chat starts: 100 new visitors from the same address
    const bots = await Promise.all(Array.from({ length: 100 }, () => proxiedVisitor(h, BOT)));
    const connectedBots = bots.filter((b) => b !== null);
    expect(connectedBots.length).toBeLessThanOrEqual(29);
    const starts = await Promise.all(connectedBots.map((b, i) => b.call('chat:start', { name: `Bot ${i}`, email: `bot${i}@example.test` })));
    // the bot's first chat counted too: 20 chats per address in all
    expect(starts.filter((s) => s.ok)).toHaveLength(19);

    // the honest visitor: a session, a chat offered to an agent at once, a booking
    const honest = (await proxiedVisitor(h, HONEST))!;
    const mine = expectOk(await honest.call('chat:start', { name: 'Hannah Honest', email: 'hannah@example.test' }));
    expect(mine.conversation.status).toBe('waiting');
    // offered at once, not queued behind the bot's chats: the offer exists as the start is answered
    const offered = await h.app.db.selectFrom('offers').select('agent_id').where('conversation_id', '=', mine.conversation.id).execute();
    expect(offered).toHaveLength(1);
    expect(honest.received('queue:updated')).toEqual([]);
    const herAgent = await waitForAssignment(agents, mine.conversation.id);
    expectOk(await honest.call('message:send', { conversationId: mine.conversation.id, clientId: randomUUID(), body: 'Hello, a real question' }));
    expectOk(await herAgent.client.call('meetings:share', { conversationId: mine.conversation.id, agentId: cal.agent.id }));
    const free = expectOk(await honest.call('meetings:slots', { agentId: cal.agent.id, from: '2026-11-23', days: 5, timeZone: STO }));
    expectOk(await honest.call('meetings:book', { agentId: cal.agent.id, start: free.slots[0]!.start, conversationId: mine.conversation.id }));
    await Promise.all(accepts);
  });
});

/** The agent whose accept made the conversation active. */
async function waitForAssignment<A extends { agent: { id: string } }>(agents: A[], conversationId: string): Promise<A> {
  for (let i = 0; i < 500; i++) {
    const row = await h.app.db.selectFrom('conversations').select(['agent_id', 'status']).where('id', '=', conversationId).executeTakeFirst();
    const holder = row?.status === 'active' ? agents.find((a) => a.agent.id === row.agent_id) : undefined;
    if (holder) return holder;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`conversation ${conversationId} was not accepted`);
}
