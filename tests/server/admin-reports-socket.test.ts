import { parse } from 'csv-parse/sync';
import { afterEach, describe, expect, it } from 'vitest';
import { activeChat, expectOk, startChat, startHarness, type Harness } from './helpers.ts';
import { onlineAdmin } from './admin-fixture.ts';

let h: Harness;
afterEach(async () => {
  await h?.close();
});

// the fake clock starts on 2023-11-14 (UTC)
const RANGE = { from: '2023-11-14', to: '2023-11-15', timeZone: 'UTC' };

describe('reports and the live desk over the admin socket', () => {
  it("admin:live:get shows a chat waiting on its offer to an agent, and among the active chats once the agent has accepted it", async () => {
    h = await startHarness();
    const admin = await onlineAdmin(h);
    expectOk(await admin.client.call('availability:set', { available: false }));
    const ana = await h.onlineAgent('Ana');
    const chat = await startChat(h, 'Vera Visitor');
    const offer = await ana.client.waitFor('offer:created', (o) => o.conversationId === chat.conversationId);
    h.clock.advance(2_000);

    const waiting = expectOk(await admin.client.call('admin:live:get', { timeZone: 'UTC' }));
    expect(waiting.waiting).toMatchObject([
      { conversationId: chat.conversationId, visitorName: 'Vera Visitor', waitingMs: 2_000, offer: { agentId: ana.agent.id, agentName: 'Ana' } },
    ]);
    expect(waiting.agents.map((a) => [a.name, a.online, a.pendingOffers])).toEqual([
      ['Ana', true, 1],
      ['Boss', true, 0],
    ]);

    expectOk(await ana.client.call('offer:accept', { offerId: offer.id }));
    const after = expectOk(await admin.client.call('admin:live:get', { timeZone: 'UTC' }));
    expect(after.waiting).toEqual([]);
    expect(after.active).toMatchObject([{ conversationId: chat.conversationId, visitorName: 'Vera Visitor', agentId: ana.agent.id, agentName: 'Ana' }]);
    expect(after.agents.find((a) => a.name === 'Ana')).toMatchObject({ available: true, activeChats: 1 });
  });

  it('admin:reports:get counts the day’s chat, and admin:reports:csv gives each of its tables as parseable CSV', async () => {
    h = await startHarness();
    const admin = await onlineAdmin(h);
    expectOk(await admin.client.call('availability:set', { available: false }));
    const ana = await h.onlineAgent('Ana');
    await activeChat(h, ana.client, 'Vera Visitor');

    const report = expectOk(await admin.client.call('admin:reports:get', RANGE));
    expect(report.totals).toMatchObject({ requested: 1, offered: 1, accepted: 1, missed: 0 });
    expect(report.agents).toMatchObject([{ agentName: 'Ana', offered: 1, accepted: 1 }]);

    const days = parse(expectOk(await admin.client.call('admin:reports:csv', { range: RANGE, kind: 'days' }))) as string[][];
    expect(days[0]!.slice(0, 4)).toEqual(['date', 'requested', 'offered', 'accepted']);
    expect(days.slice(1).map((row) => row.slice(0, 4))).toEqual([['2023-11-14', '1', '1', '1']]);
    const agents = parse(expectOk(await admin.client.call('admin:reports:csv', { range: RANGE, kind: 'agents' }))) as string[][];
    expect(agents.slice(1).map((row) => row.slice(1, 4))).toEqual([['Ana', '1', '1']]);
    const heatmap = parse(expectOk(await admin.client.call('admin:reports:csv', { range: RANGE, kind: 'heatmap' }))) as string[][];
    // 2023-11-14 was a Tuesday; the chat came at 22:13 UTC
    expect(heatmap[2]![0]).toBe('Tuesday');
    expect(heatmap[2]![1 + 22]).toBe('1');
  });
});
