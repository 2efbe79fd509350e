import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { readLiveDesk, type DeskDeps } from '../../server/services/live-desk.ts';
import { createPresence, NODE_TTL_MS } from '../../server/services/presence.ts';
import { expectOk, startChat, startHarness, type Harness } from './helpers.ts';

let h: Harness;
afterEach(async () => {
  await h?.close();
});

const ADMIN = { role: 'admin' as const };

/** The desk as another server process on the same database reads it: its own presence, the shared rows. */
function deskDeps(): DeskDeps {
  return {
    db: h.app.db,
    clock: h.clock,
    config: h.config,
    presence: createPresence(h.app.db, h.clock, { graceMs: h.config.presenceGraceMs, nodeTtlMs: NODE_TTL_MS }),
  };
}

/** A chat that ended without an agent at `endedAt`, stored directly. */
async function storedMissedChat(endedAt: number, name: string): Promise<string> {
  const visitorId = randomUUID();
  const id = randomUUID();
  await h.app.db.insertInto('visitors').values({ id: visitorId, name, email: null, job_title: null, phone: null, crm_status: null, created_at: endedAt - 60_000 }).execute();
  await h.app.db
    .insertInto('conversations')
    .values({
      id,
      visitor_id: visitorId,
      agent_id: null,
      status: 'missed',
      last_seq: 0,
      page_url: null,
      created_at: endedAt - 60_000,
      ended_at: endedAt,
      ended_by: 'system',
      site_key: null,
      offers_made: 0,
      queued_at: null,
      queue_position: null,
      last_activity_at: null,
    })
    .execute();
  return id;
}

describe('the live desk', () => {
  it('shows each agent online or not with their load, the chats waiting with their waits, open offers and queue places', async () => {
    h = await startHarness({ MAX_CHATS_PER_AGENT: '1' });
    const ann = await h.onlineAgent('Ann');
    const cyd = await h.addAgent('Cyd'); // signed in, never connected
    const t0 = h.clock.now();
    // the first chat goes to Ann, the only one online; then Bob comes online and gets the second: both are full
    const first = await startChat(h, 'First');
    const firstOffer = await ann.client.waitFor('offer:created');
    const bob = await h.onlineAgent('Bob');
    h.clock.advance(1_000);
    const second = await startChat(h, 'Second');
    const secondOffer = await bob.client.waitFor('offer:created');
    h.clock.advance(1_000);
    const third = await startChat(h, 'Third');
    await third.visitor.waitFor('queue:updated');
    h.clock.advance(1_000);
    const fourth = await startChat(h, 'Fourth');
    await fourth.visitor.waitFor('queue:updated');
    h.clock.advance(500);
    expectOk(await ann.client.call('offer:accept', { offerId: firstOffer.id }));
    h.clock.advance(1_500); // now t0 + 5 s

    const desk = await readLiveDesk(deskDeps(), ADMIN, { timeZone: 'UTC' });
    expect(desk.at).toBe(t0 + 5_000);
    expect(desk.agents).toEqual([
      { agentId: ann.agent.id, name: 'Ann', online: true, returning: false, available: true, activeChats: 1, pendingOffers: 0, capacity: 1 },
      { agentId: bob.agent.id, name: 'Bob', online: true, returning: false, available: true, activeChats: 0, pendingOffers: 1, capacity: 1 },
      { agentId: cyd.agent.id, name: 'Cyd', online: false, returning: false, available: true, activeChats: 0, pendingOffers: 0, capacity: 1 },
    ]);
    // the first chat was accepted: no longer waiting. Waits: second t0+1 s → 4 s, third t0+2 s → 3 s, fourth t0+3 s → 2 s
    expect(desk.waiting).toEqual([
      {
        conversationId: second.conversationId,
        visitorName: 'Second',
        requestedAt: t0 + 1_000,
        waitingMs: 4_000,
        queuePosition: null,
        offersMade: 1,
        offer: { agentId: bob.agent.id, agentName: 'Bob', expiresAt: secondOffer.expiresAt },
      },
      { conversationId: third.conversationId, visitorName: 'Third', requestedAt: t0 + 2_000, waitingMs: 3_000, queuePosition: 1, offersMade: 0, offer: null },
      { conversationId: fourth.conversationId, visitorName: 'Fourth', requestedAt: t0 + 3_000, waitingMs: 2_000, queuePosition: 2, offersMade: 0, offer: null },
    ]);
    expect(desk.waitingForOffer).toBe(2);
    expect(desk.waiting.map((w) => w.conversationId)).not.toContain(first.conversationId);
  });

  it('counts an agent whose connection dropped moments ago as returning, and a disabled one not at all', async () => {
    h = await startHarness();
    const dee = await h.addAgent('Dee');
    const eve = await h.addAgent('Eve');
    await h.app.db.updateTable('users').set({ lost_at: h.clock.now() - 1_000 }).where('id', '=', dee.agent.id).execute();
    await h.app.db.updateTable('users').set({ disabled: 1 }).where('id', '=', eve.agent.id).execute();
    const desk = await readLiveDesk(deskDeps(), ADMIN, { timeZone: 'UTC' });
    expect(desk.agents.map((a) => [a.name, a.online, a.returning])).toEqual([['Dee', false, true]]);
  });

  it("lists today's missed chats in the given zone, newest first: a chat nobody took and one the visitor left while waiting", async () => {
    h = await startHarness();
    // the fake clock starts at 2023-11-14T22:13:20Z: in Asia/Tokyo (UTC+9) it is already 07:13 on the 15th
    const tokyoMidnight = Date.parse('2023-11-14T15:00:00Z');
    const yesterdayInTokyo = await storedMissedChat(tokyoMidnight - 1, 'Late'); // 23:59:59.999 on the 14th in Tokyo; the 14th in UTC too
    const earlyToday = await storedMissedChat(tokyoMidnight, 'Early'); // 00:00 on the 15th in Tokyo
    const { client } = await h.onlineAgent('Ann');
    // the only agent declines: nobody takes it
    const declined = await startChat(h, 'Declined');
    expectOk(await client.call('offer:decline', { offerId: (await client.waitFor('offer:created')).id }));
    const declinedAt = h.clock.now();
    h.clock.advance(1_000);
    // the visitor leaves while the offer is out
    const leaver = await startChat(h, 'Leaver');
    await client.waitFor('offer:created');
    h.clock.advance(1_000);
    expectOk(await leaver.visitor.call('conversation:end', { conversationId: leaver.conversationId }));
    const leftAt = h.clock.now();
    // an accepted chat that ended today is no missed chat
    const answered = await startChat(h, 'Answered');
    expectOk(await client.call('offer:accept', { offerId: (await client.waitFor('offer:created')).id }));
    expectOk(await answered.visitor.call('conversation:end', { conversationId: answered.conversationId }));

    const tokyo = await readLiveDesk(deskDeps(), ADMIN, { timeZone: 'Asia/Tokyo' });
    expect(tokyo.missedToday).toEqual([
      { conversationId: leaver.conversationId, visitorName: 'Leaver', requestedAt: declinedAt + 1_000, endedAt: leftAt, status: 'ended' },
      { conversationId: declined.conversationId, visitorName: 'Declined', requestedAt: declinedAt, endedAt: declinedAt, status: 'missed' },
      { conversationId: earlyToday, visitorName: 'Early', requestedAt: tokyoMidnight - 60_000, endedAt: tokyoMidnight, status: 'missed' },
    ]);
    expect(tokyo.missedTodayCount).toBe(3);

    // in UTC "today" began at 00:00Z on the 14th: the chat of Tokyo's yesterday is today's too
    const utc = await readLiveDesk(deskDeps(), ADMIN, { timeZone: 'UTC' });
    expect(utc.missedToday.map((m) => m.conversationId)).toEqual([leaver.conversationId, declined.conversationId, earlyToday, yesterdayInTokyo]);
    expect(utc.missedTodayCount).toBe(4);
  });

  it('refuses a plain agent', async () => {
    h = await startHarness();
    await expect(readLiveDesk(deskDeps(), { role: 'agent' }, { timeZone: 'UTC' })).rejects.toMatchObject({ code: 'forbidden' });
  });
});
