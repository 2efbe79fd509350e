import { randomUUID } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { afterEach, describe, expect, it } from 'vitest';
import type { ConversationStatus } from '../../protocol/dto.ts';
import { reportRangeSchema, type ReportDTO } from '../../protocol/reports.ts';
import { recordChatFacts } from '../../server/db/chat-facts.ts';
import { insertOffer } from '../../server/db/offers.ts';
import type { OfferStatus } from '../../server/db/schema.ts';
import { buildReport, reportToCsv } from '../../server/services/reports.ts';
import { activeChat, expectOk, startChat, startHarness, type Harness } from './helpers.ts';

let h: Harness;
afterEach(async () => {
  await h?.close();
});

const ADMIN = { role: 'admin' as const };
const t = (iso: string) => Date.parse(iso);

interface SeedOffer {
  agentId: string;
  status: OfferStatus;
  at: string;
  endedAt: string | null;
}
interface SeedChat {
  at: string;
  status: ConversationStatus;
  endedAt?: string;
  offers?: SeedOffer[];
  agentMessages?: string[];
  /** the visitor's rating, 1–5 */
  rating?: number;
}

/** A chat as the services would have left it, inserted directly with exact times. */
async function seedChat(chat: SeedChat): Promise<string> {
  const db = h.app.db;
  const visitorId = randomUUID();
  const id = randomUUID();
  const accepted = chat.offers?.find((o) => o.status === 'accepted');
  await db.insertInto('visitors').values({ id: visitorId, name: 'V', email: null, job_title: null, phone: null, crm_status: null, created_at: t(chat.at) }).execute();
  await db
    .insertInto('conversations')
    .values({
      id,
      visitor_id: visitorId,
      agent_id: accepted?.agentId ?? null,
      status: chat.status,
      last_seq: chat.agentMessages?.length ?? 0,
      page_url: null,
      created_at: t(chat.at),
      ended_at: chat.endedAt ? t(chat.endedAt) : null,
      ended_by: chat.endedAt ? 'system' : null,
      site_key: null,
      offers_made: chat.offers?.length ?? 0,
      queued_at: null,
      queue_position: null,
      last_activity_at: null,
    })
    .execute();
  for (const o of chat.offers ?? []) {
    await insertOffer(db, { id, created_at: t(chat.at) }, {
      id: randomUUID(),
      agent_id: o.agentId,
      status: o.status,
      created_at: t(o.at),
      expires_at: t(o.at) + 45_000,
      ended_at: o.endedAt ? t(o.endedAt) : null,
    });
  }
  if (chat.rating !== undefined) {
    await db.insertInto('ratings').values({ conversation_id: id, score: chat.rating, comment: null, created_at: t(chat.endedAt ?? chat.at) }).execute();
  }
  let seq = 0;
  for (const at of chat.agentMessages ?? []) {
    seq += 1;
    await db
      .insertInto('messages')
      .values({ id: randomUUID(), conversation_id: id, seq, client_id: `c${seq}`, author: 'agent', author_name: 'A', body: 'hi', created_at: t(at) })
      .execute();
  }
  // as the service that ended or missed the chat would have
  await recordChatFacts(db, [id]);
  return id;
}

const emptyHeatmap = () => Array.from({ length: 7 }, () => new Array<number>(24).fill(0));

describe('reports', () => {
  it('counts requests, offers and their outcomes, misses and nearest-rank timings per day, per agent and in total (Europe/Berlin, UTC+1 in January)', async () => {
    h = await startHarness();
    const ann = (await h.addAgent('Ann')).agent.id;
    const bob = (await h.addAgent('Bob')).agent.id;
    // Monday 2026-01-12 (local = UTC + 1 h)
    // c1 09:00 local: Ann declines after 10 s, Bob accepts 40 s after the request, replies 60 s later, chat lasts 600 s
    await seedChat({
      at: '2026-01-12T08:00:00Z',
      status: 'ended',
      endedAt: '2026-01-12T08:10:40Z',
      offers: [
        { agentId: ann, status: 'declined', at: '2026-01-12T08:00:00Z', endedAt: '2026-01-12T08:00:10Z' },
        { agentId: bob, status: 'accepted', at: '2026-01-12T08:00:10Z', endedAt: '2026-01-12T08:00:40Z' },
      ],
      agentMessages: ['2026-01-12T08:01:40Z'],
      rating: 5,
    });
    // c2 09:30 local: Ann's offer expires, Bob's lapses (connection lost), then nobody: missed
    await seedChat({
      at: '2026-01-12T08:30:00Z',
      status: 'missed',
      endedAt: '2026-01-12T08:31:30Z',
      offers: [
        { agentId: ann, status: 'expired', at: '2026-01-12T08:30:00Z', endedAt: '2026-01-12T08:30:45Z' },
        { agentId: bob, status: 'lapsed', at: '2026-01-12T08:30:45Z', endedAt: '2026-01-12T08:31:30Z' },
      ],
    });
    // c3 10:00 local: Ann accepts after 20 s, replies 30 s later (and again), chat lasts 1200 s
    await seedChat({
      at: '2026-01-12T09:00:00Z',
      status: 'ended',
      endedAt: '2026-01-12T09:20:20Z',
      offers: [{ agentId: ann, status: 'accepted', at: '2026-01-12T09:00:00Z', endedAt: '2026-01-12T09:00:20Z' }],
      agentMessages: ['2026-01-12T09:00:50Z', '2026-01-12T09:02:00Z'],
      rating: 2,
    });
    // c4 10:05 local: Ann accepts after 60 s; no reply yet, still active (no reply time, no length)
    await seedChat({
      at: '2026-01-12T09:05:00Z',
      status: 'active',
      offers: [{ agentId: ann, status: 'accepted', at: '2026-01-12T09:05:00Z', endedAt: '2026-01-12T09:06:00Z' }],
    });
    // c5 11:00 local: the visitor leaves while Bob's offer is out (withdrawn): missed, one offer
    await seedChat({
      at: '2026-01-12T10:00:00Z',
      status: 'ended',
      endedAt: '2026-01-12T10:00:30Z',
      offers: [{ agentId: bob, status: 'withdrawn', at: '2026-01-12T10:00:00Z', endedAt: '2026-01-12T10:00:30Z' }],
    });
    // c6 Tuesday 2026-01-13 08:00 local: Bob accepts after 10 s, replies 10 s later, chat lasts 300 s
    await seedChat({
      at: '2026-01-13T07:00:00Z',
      status: 'ended',
      endedAt: '2026-01-13T07:05:10Z',
      offers: [{ agentId: bob, status: 'accepted', at: '2026-01-13T07:00:00Z', endedAt: '2026-01-13T07:00:10Z' }],
      agentMessages: ['2026-01-13T07:00:20Z'],
      rating: 4,
    });
    // outside the range: 2026-01-11 23:59 local, and 2026-01-14 00:00 local
    await seedChat({ at: '2026-01-11T22:59:00Z', status: 'missed', endedAt: '2026-01-11T22:59:30Z' });
    await seedChat({ at: '2026-01-13T23:00:00Z', status: 'missed', endedAt: '2026-01-13T23:00:30Z' });

    const report = await buildReport(h.app.db, ADMIN, { from: '2026-01-12', to: '2026-01-14', timeZone: 'Europe/Berlin' });

    // offered: c1 2 + c2 2 + c3 1 + c4 1 + c5 1 + c6 1 = 8; accepted c1 c3 c4 c6; timed out: expired + lapsed
    // time to accept (s): 40 20 60 10 → sorted 10 20 40 60, n 4: p50 rank ⌈2⌉ = 2 → 20, p90 rank ⌈3.6⌉ = 4 → 60
    // first reply (s): 60 30 10 → 10 30 60: p50 rank ⌈1.5⌉ = 2 → 30, p90 rank ⌈2.7⌉ = 3 → 60
    // length (s): 600 1200 300 → 300 600 1200: p50 → 600, p90 → 1200
    expect(report.totals).toEqual({
      requested: 6,
      offered: 8,
      accepted: 4,
      declined: 1,
      timedOut: 2,
      missed: 2,
      timeToAccept: { n: 4, p50: 20_000, p90: 60_000 },
      timeToFirstReply: { n: 3, p50: 30_000, p90: 60_000 },
      chatLength: { n: 3, p50: 600_000, p90: 1_200_000 },
      // c1 5, c3 2, c6 4: 11 / 3 = 3.67
      ratings: { n: 3, average: 3.67 },
    });
    // Monday: c1–c5. accept 40 20 60 → 20 40 60: p50 rank 2 → 40, p90 rank 3 → 60; reply 60 30 → 30 60:
    // p50 rank ⌈1⌉ = 1 → 30, p90 rank ⌈1.8⌉ = 2 → 60; length 600 1200 → 600, 1200
    expect(report.days).toEqual([
      {
        date: '2026-01-12',
        requested: 5,
        offered: 7,
        accepted: 3,
        declined: 1,
        timedOut: 2,
        missed: 2,
        timeToAccept: { n: 3, p50: 40_000, p90: 60_000 },
        timeToFirstReply: { n: 2, p50: 30_000, p90: 60_000 },
        chatLength: { n: 2, p50: 600_000, p90: 1_200_000 },
        // c1 5, c3 2
        ratings: { n: 2, average: 3.5 },
      },
      {
        date: '2026-01-13',
        requested: 1,
        offered: 1,
        accepted: 1,
        declined: 0,
        timedOut: 0,
        missed: 0,
        timeToAccept: { n: 1, p50: 10_000, p90: 10_000 },
        timeToFirstReply: { n: 1, p50: 10_000, p90: 10_000 },
        chatLength: { n: 1, p50: 300_000, p90: 300_000 },
        ratings: { n: 1, average: 4 },
      },
    ]);
    // ratings go to the agent the chat ended with: Ann c3 (2); Bob c1 (5) and c6 (4)
    // Ann: offers c1 declined, c2 expired, c3 + c4 accepted; her chats c3 (20, 30, 1200) and c4 (60, –, –)
    // Bob: offers c1 accepted, c2 lapsed, c5 withdrawn, c6 accepted; his chats c1 (40, 60, 600) and c6 (10, 10, 300)
    expect(report.agents).toEqual([
      {
        agentId: ann,
        agentName: 'Ann',
        offered: 4,
        accepted: 2,
        declined: 1,
        timedOut: 1,
        timeToAccept: { n: 2, p50: 20_000, p90: 60_000 },
        timeToFirstReply: { n: 1, p50: 30_000, p90: 30_000 },
        chatLength: { n: 1, p50: 1_200_000, p90: 1_200_000 },
        ratings: { n: 1, average: 2 },
      },
      {
        agentId: bob,
        agentName: 'Bob',
        offered: 4,
        accepted: 2,
        declined: 0,
        timedOut: 1,
        timeToAccept: { n: 2, p50: 10_000, p90: 40_000 },
        timeToFirstReply: { n: 2, p50: 10_000, p90: 60_000 },
        chatLength: { n: 2, p50: 300_000, p90: 600_000 },
        ratings: { n: 2, average: 4.5 },
      },
    ]);
    // Monday (row 0) 09:00 c1 c2, 10:00 c3 c4, 11:00 c5; Tuesday (row 1) 08:00 c6
    const heatmap = emptyHeatmap();
    heatmap[0]![9] = 2;
    heatmap[0]![10] = 2;
    heatmap[0]![11] = 1;
    heatmap[1]![8] = 1;
    expect(report.heatmap).toEqual(heatmap);
  });

  it('takes p50 and p90 by nearest rank: of ten accept times 1 … 10 s they are the 5th and the 9th', async () => {
    h = await startHarness();
    const ann = (await h.addAgent('Ann')).agent.id;
    for (let s = 1; s <= 10; s++) {
      const at = `2026-02-02T10:${String(s).padStart(2, '0')}:00Z`;
      const accepted = new Date(t(at) + s * 1000).toISOString();
      await seedChat({ at, status: 'active', offers: [{ agentId: ann, status: 'accepted', at, endedAt: accepted }] });
    }
    const report = await buildReport(h.app.db, ADMIN, { from: '2026-02-02', to: '2026-02-03', timeZone: 'UTC' });
    // ranks ⌈0.5 × 10⌉ = 5 and ⌈0.9 × 10⌉ = 9 (interpolation would say 5.5 s and 9.1 s)
    expect(report.totals.timeToAccept).toEqual({ n: 10, p50: 5_000, p90: 9_000 });
  });

  it('puts a chat on the day and hour of its zone, not of UTC, around midnight (America/New_York, UTC−5 in January)', async () => {
    h = await startHarness();
    // Wednesday 2026-01-14 22:30 local (already Jan 15 in UTC)
    await seedChat({ at: '2026-01-15T03:30:00Z', status: 'missed', endedAt: '2026-01-15T03:31:00Z' });
    // Thursday 2026-01-15 00:10 local
    await seedChat({ at: '2026-01-15T05:10:00Z', status: 'missed', endedAt: '2026-01-15T05:11:00Z' });
    // Thursday 23:59:59.999 local: the last instant of the range
    await seedChat({ at: '2026-01-16T04:59:59.999Z', status: 'missed', endedAt: '2026-01-16T05:00:30Z' });
    // Tuesday 2026-01-13 23:59 local and Friday 2026-01-16 00:00 local: outside
    await seedChat({ at: '2026-01-14T04:59:00Z', status: 'missed', endedAt: '2026-01-14T05:00:00Z' });
    await seedChat({ at: '2026-01-16T05:00:00Z', status: 'missed', endedAt: '2026-01-16T05:01:00Z' });

    const report = await buildReport(h.app.db, ADMIN, { from: '2026-01-14', to: '2026-01-16', timeZone: 'America/New_York' });
    expect(report.days.map((d) => [d.date, d.requested, d.missed])).toEqual([
      ['2026-01-14', 1, 1],
      ['2026-01-15', 2, 2],
    ]);
    const heatmap = emptyHeatmap();
    heatmap[2]![22] = 1; // Wednesday 22:00
    heatmap[3]![0] = 1; // Thursday 00:00
    heatmap[3]![23] = 1; // Thursday 23:00
    expect(report.heatmap).toEqual(heatmap);
  });

  it('counts the 23-hour day when clocks spring forward (Europe/Berlin, 2026-03-29: 02:00 CET becomes 03:00 CEST)', async () => {
    h = await startHarness();
    // Saturday 2026-03-28 23:59 CET (UTC+1)
    await seedChat({ at: '2026-03-28T22:59:00Z', status: 'missed', endedAt: '2026-03-28T23:00:00Z' });
    // Sunday 01:30 CET, then 03:30 CEST (UTC+2): the hour 02:00 does not exist that day
    await seedChat({ at: '2026-03-29T00:30:00Z', status: 'missed', endedAt: '2026-03-29T00:31:00Z' });
    await seedChat({ at: '2026-03-29T01:30:00Z', status: 'missed', endedAt: '2026-03-29T01:31:00Z' });
    // Sunday 23:59 CEST; then Monday 00:00 CEST (a fixed UTC+1 would put it at Sunday 23:00)
    await seedChat({ at: '2026-03-29T21:59:00Z', status: 'missed', endedAt: '2026-03-29T22:00:00Z' });
    await seedChat({ at: '2026-03-29T22:00:00Z', status: 'missed', endedAt: '2026-03-29T22:01:00Z' });

    const report = await buildReport(h.app.db, ADMIN, { from: '2026-03-28', to: '2026-03-31', timeZone: 'Europe/Berlin' });
    expect(report.days.map((d) => [d.date, d.requested])).toEqual([
      ['2026-03-28', 1],
      ['2026-03-29', 3],
      ['2026-03-30', 1],
    ]);
    const heatmap = emptyHeatmap();
    heatmap[5]![23] = 1; // Saturday 23:00
    heatmap[6]![1] = 1; // Sunday 01:00
    heatmap[6]![3] = 1; // Sunday 03:00
    heatmap[6]![23] = 1; // Sunday 23:00
    heatmap[0]![0] = 1; // Monday 00:00
    expect(report.heatmap).toEqual(heatmap);
  });

  it('counts both passes of the repeated hour when clocks fall back (Europe/Berlin, 2026-10-25: 03:00 CEST becomes 02:00 CET)', async () => {
    h = await startHarness();
    // 02:30 CEST (UTC+2) and, an hour later, 02:30 CET (UTC+1): both in Sunday's 02:00 hour
    await seedChat({ at: '2026-10-25T00:30:00Z', status: 'missed', endedAt: '2026-10-25T00:31:00Z' });
    await seedChat({ at: '2026-10-25T01:30:00Z', status: 'missed', endedAt: '2026-10-25T01:31:00Z' });
    // Sunday 23:30 CET: the 25-hour day ends at 23:00 UTC
    await seedChat({ at: '2026-10-25T22:30:00Z', status: 'missed', endedAt: '2026-10-25T22:31:00Z' });
    // Monday 00:00 CET
    await seedChat({ at: '2026-10-25T23:00:00Z', status: 'missed', endedAt: '2026-10-25T23:01:00Z' });

    const report = await buildReport(h.app.db, ADMIN, { from: '2026-10-25', to: '2026-10-27', timeZone: 'Europe/Berlin' });
    expect(report.days.map((d) => [d.date, d.requested])).toEqual([
      ['2026-10-25', 3],
      ['2026-10-26', 1],
    ]);
    const heatmap = emptyHeatmap();
    heatmap[6]![2] = 2; // Sunday 02:00, twice over
    heatmap[6]![23] = 1; // Sunday 23:00
    heatmap[0]![0] = 1; // Monday 00:00
    expect(report.heatmap).toEqual(heatmap);
  });

  it('reads what the chat services stored: an accepted, replied (a note before the reply is no reply), ended and rated chat, a declined one and a timed-out one', async () => {
    h = await startHarness();
    const { agent, client } = await h.onlineAgent('Agnes');
    const t0 = h.clock.now(); // 2023-11-14T22:13:20Z
    // accepted 5 s after the request, an internal note 4 s later (no reply: the visitor never sees it),
    // first reply 10 s after the accept, ended 70 s after the accept
    const chat = await startChat(h);
    const offer = await client.waitFor('offer:created', (o) => o.conversationId === chat.conversationId);
    h.clock.advance(5_000);
    expectOk(await client.call('offer:accept', { offerId: offer.id }));
    h.clock.advance(4_000);
    expectOk(await client.call('note:add', { conversationId: chat.conversationId, clientId: 'n1', body: 'VIP, be quick' }));
    h.clock.advance(6_000);
    expectOk(await client.call('message:send', { conversationId: chat.conversationId, clientId: 'r1', body: 'Hello' }));
    h.clock.advance(60_000);
    expectOk(await client.call('conversation:end', { conversationId: chat.conversationId }));
    // the visitor rates it 4 of 5
    expectOk(await chat.visitor.call('chat:rate', { conversationId: chat.conversationId, score: 4 }));
    // declined: the only agent passed, nobody else: missed
    const declined = await startChat(h, 'Second');
    const second = await client.waitFor('offer:created', (o) => o.conversationId === declined.conversationId);
    expectOk(await client.call('offer:decline', { offerId: second.id }));
    // timed out: 45 s pass while the agent is connected
    const ignored = await startChat(h, 'Third');
    await client.waitFor('offer:created', (o) => o.conversationId === ignored.conversationId);
    h.clock.advance(45_000);
    await h.app.sweep();
    expect(h.clock.now() - t0).toBeLessThan(3_600_000); // still 22:xx UTC on the 14th

    const report = await buildReport(h.app.db, ADMIN, { from: '2023-11-14', to: '2023-11-15', timeZone: 'UTC' });
    expect(report.totals).toMatchObject({ requested: 3, offered: 3, accepted: 1, declined: 1, timedOut: 1, missed: 2 });
    expect(report.totals.timeToAccept).toEqual({ n: 1, p50: 5_000, p90: 5_000 });
    expect(report.totals.timeToFirstReply).toEqual({ n: 1, p50: 10_000, p90: 10_000 });
    expect(report.totals.chatLength).toEqual({ n: 1, p50: 70_000, p90: 70_000 });
    expect(report.agents).toMatchObject([{ agentId: agent.id, agentName: 'Agnes', offered: 3, accepted: 1, declined: 1, timedOut: 1 }]);
    // one rating, of the accepted chat: on its day, its agent and the totals
    expect(report.totals.ratings).toEqual({ n: 1, average: 4 });
    expect(report.days[0]!.ratings).toEqual({ n: 1, average: 4 });
    expect(report.agents[0]!.ratings).toEqual({ n: 1, average: 4 });
    expect(report.heatmap[1]![22]).toBe(3); // 2023-11-14 was a Tuesday
  });

  it('refuses a plain agent', async () => {
    h = await startHarness();
    await expect(buildReport(h.app.db, { role: 'agent' }, { from: '2026-01-01', to: '2026-01-02', timeZone: 'UTC' })).rejects.toMatchObject({
      code: 'forbidden',
    });
  });

  it('accepts ranges of 1 to 366 days in a known zone only', () => {
    const ok = (from: string, to: string, timeZone = 'UTC') => reportRangeSchema.safeParse({ from, to, timeZone }).success;
    expect(ok('2024-01-01', '2024-01-02')).toBe(true);
    expect(ok('2024-01-01', '2025-01-01')).toBe(true); // 2024 is a leap year: 366 days
    expect(ok('2025-01-01', '2026-01-03')).toBe(false); // 367 days
    expect(ok('2024-01-02', '2024-01-02')).toBe(false);
    expect(ok('2024-01-03', '2024-01-02')).toBe(false);
    expect(ok('2024-02-30', '2024-03-02')).toBe(false);
    expect(ok('2024-01-01', '2024-01-02', 'Mars/Olympus')).toBe(false);
  });
});

describe('report CSV', () => {
  const timings = {
    timeToAccept: { n: 2, p50: 1_500, p90: 20_000 },
    timeToFirstReply: { n: 0, p50: null, p90: null },
    chatLength: { n: 1, p50: 60_000, p90: 60_000 },
    ratings: { n: 2, average: 4.5 },
  };
  const report: ReportDTO = {
    from: '2026-01-12',
    to: '2026-01-13',
    timeZone: 'UTC',
    totals: { requested: 3, offered: 4, accepted: 2, declined: 1, timedOut: 1, missed: 1, ...timings },
    days: [{ date: '2026-01-12', requested: 3, offered: 4, accepted: 2, declined: 1, timedOut: 1, missed: 1, ...timings }],
    agents: [
      { agentId: 'a1', agentName: 'Smith, "Jo"\nline two', offered: 2, accepted: 1, declined: 1, timedOut: 0, ...timings },
      { agentId: 'a2', agentName: '=HYPERLINK("http://evil.test")', offered: 1, accepted: 1, declined: 0, timedOut: 0, ...timings },
      { agentId: 'a3', agentName: '+1', offered: 1, accepted: 0, declined: 0, timedOut: 1, ...timings },
      { agentId: 'a4', agentName: '-2', offered: 0, accepted: 0, declined: 0, timedOut: 0, ...timings },
      { agentId: 'a5', agentName: '@sum', offered: 0, accepted: 0, declined: 0, timedOut: 0, ...timings },
    ],
    heatmap: Array.from({ length: 7 }, (_, d) => Array.from({ length: 24 }, (_, hour) => d * 100 + hour)),
  };
  const read = (csv: string) => parse(csv, { relax_column_count: false }) as string[][];

  it('writes the days with durations in seconds, an empty cell where there is no value, CRLF line ends', () => {
    const csv = reportToCsv(report, 'days');
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(csv.split('\r\n')).toHaveLength(3); // header, one day, and the empty rest after the last CRLF
    expect(read(csv)).toEqual([
      ['date', 'requested', 'offered', 'accepted', 'declined', 'timed_out', 'missed', 'time_to_accept_count', 'time_to_accept_p50_s', 'time_to_accept_p90_s',
        'time_to_first_reply_count', 'time_to_first_reply_p50_s', 'time_to_first_reply_p90_s', 'chat_length_count', 'chat_length_p50_s', 'chat_length_p90_s',
        'ratings', 'average_rating'],
      ['2026-01-12', '3', '4', '2', '1', '1', '1', '2', '1.5', '20', '0', '', '', '1', '60', '60', '2', '4.5'],
    ]);
  });

  it('quotes an agent name with a comma, quotes and a line break so a CSV parser reads it back whole', () => {
    const rows = read(reportToCsv(report, 'agents'));
    expect(rows[1]!.slice(0, 2)).toEqual(['a1', 'Smith, "Jo"\nline two']);
    expect(rows.every((row) => row.length === rows[0]!.length)).toBe(true);
  });

  it('keeps names that start like a formula as text with a leading apostrophe', () => {
    const names = read(reportToCsv(report, 'agents')).slice(2).map((row) => row[1]);
    expect(names).toEqual([`'=HYPERLINK("http://evil.test")`, `'+1`, `'-2`, `'@sum`]);
  });

  it('writes the heat map as one row per weekday, Monday first, with 24 hours', () => {
    const rows = read(reportToCsv(report, 'heatmap'));
    expect(rows[0]).toEqual(['weekday', ...Array.from({ length: 24 }, (_, hour) => `${String(hour).padStart(2, '0')}:00`)]);
    expect(rows.slice(1).map((row) => row[0])).toEqual(['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday']);
    expect(rows[7]![24]).toBe('623'); // Sunday 23:00 of the fixture: 6 × 100 + 23
  });
});
