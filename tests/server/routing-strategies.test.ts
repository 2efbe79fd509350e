import { afterEach, describe, expect, it } from 'vitest';
import type { ChatStartInput } from '../../protocol/schemas.ts';
import { saveAccount, saveRule, saveSettings, saveSite, saveTeam } from '../../server/db/routing-config.ts';
import { expectOk, startHarness, type AgentClient, type Harness } from './helpers.ts';

let h: Harness;
afterEach(async () => {
  await h?.close();
});

async function chat(input: Partial<ChatStartInput> = {}) {
  const visitor = await h.connectVisitor();
  const snapshot = expectOk(await visitor.call('chat:start', { name: 'Vera', email: 'vera@example.test', ...input }));
  return { visitor, conversationId: snapshot.conversation.id };
}

/** Which of the agents got the offer for this conversation. */
async function offeredTo(agents: Array<{ agent: { id: string }; client: AgentClient }>, conversationId: string): Promise<string> {
  return Promise.any(
    agents.map(async (a) => {
      await a.client.waitFor('offer:created', (o) => o.conversationId === conversationId, 2000);
      return a.agent.id;
    }),
  );
}

async function threeAgents() {
  const agents = [await h.onlineAgent('A'), await h.onlineAgent('B'), await h.onlineAgent('C')];
  // make round robin's order known: A waited longest, then B, then C
  for (const [i, a] of agents.entries()) {
    await h.app.db.updateTable('users').set({ last_offered_at: 100 + i }).where('id', '=', a.agent.id).execute();
  }
  return agents;
}

describe('routing strategies (server)', () => {
  it('round robin is the default: the agent who waited longest gets the offer', async () => {
    h = await startHarness();
    const [a, b, c] = await threeAgents();
    const { conversationId } = await chat();
    expect(await offeredTo([a!, b!, c!], conversationId)).toBe(a!.agent.id);
  });

  it('least busy, chosen for a site by its key, offers to the agent with the fewest chats', async () => {
    h = await startHarness();
    const [a, b, c] = await threeAgents();
    await h.app.db.updateTable('users').set({ active_chats: 2 }).where('id', 'in', [a!.agent.id, c!.agent.id]).execute();
    await saveSite(h.app.db, { siteKey: 'shop', strategy: { kind: 'least_busy' } });
    const { conversationId } = await chat({ siteKey: 'shop' });
    expect(await offeredTo([a!, b!, c!], conversationId)).toBe(b!.agent.id);
  });

  it('a site without its own strategy uses the default site’s', async () => {
    h = await startHarness();
    const [a, b, c] = await threeAgents();
    await saveSite(h.app.db, { siteKey: 'default', strategy: { kind: 'agent', agentId: c!.agent.id } });
    const { conversationId } = await chat({ siteKey: 'unknown-site' });
    expect(await offeredTo([a!, b!, c!], conversationId)).toBe(c!.agent.id);
  });

  it('a team strategy offers inside the team, by round robin', async () => {
    h = await startHarness();
    const [a, b, c] = await threeAgents();
    const team = await saveTeam(h.app.db, { name: 'Sales', agentIds: [b!.agent.id, c!.agent.id] }, h.clock.now());
    await saveSite(h.app.db, { siteKey: 'default', strategy: { kind: 'team', teamId: team.id } });
    const { conversationId } = await chat();
    expect(await offeredTo([a!, b!, c!], conversationId)).toBe(b!.agent.id);
  });

  it('a team whose members are all unavailable falls back to round robin over everybody', async () => {
    h = await startHarness();
    const [a, b, c] = await threeAgents();
    expectOk(await b!.client.call('availability:set', { available: false }));
    const team = await saveTeam(h.app.db, { name: 'Sales', agentIds: [b!.agent.id] }, h.clock.now());
    await saveSite(h.app.db, { siteKey: 'default', strategy: { kind: 'team', teamId: team.id } });
    const { conversationId } = await chat();
    expect(await offeredTo([a!, b!, c!], conversationId)).toBe(a!.agent.id);
  });

  it('custom rules: the matching rule with the lowest priority number wins', async () => {
    h = await startHarness();
    const [a, b, c] = await threeAgents();
    await saveSite(h.app.db, { siteKey: 'default', strategy: { kind: 'rules' } });
    const pricing = [{ field: 'pageUrl', op: 'contains', value: '/pricing' }] as const;
    await saveRule(h.app.db, { name: 'later', priority: 20, conditions: [...pricing], target: { agentIds: [b!.agent.id] } }, 1);
    await saveRule(h.app.db, { name: 'first', priority: 10, conditions: [...pricing], target: { agentIds: [c!.agent.id] } }, 2);
    const { conversationId } = await chat({ pageUrl: 'https://shop.test/pricing?plan=pro' });
    expect(await offeredTo([a!, b!, c!], conversationId)).toBe(c!.agent.id);
    const other = await chat({ pageUrl: 'https://shop.test/blog' });
    expect(await offeredTo([a!, b!, c!], other.conversationId)).toBe(a!.agent.id);
  });

  it('account routing comes first: the company domain’s owner gets the offer whatever the strategy', async () => {
    h = await startHarness();
    const [a, b, c] = await threeAgents();
    await saveSite(h.app.db, { siteKey: 'default', strategy: { kind: 'agent', agentId: b!.agent.id } });
    await saveAccount(h.app.db, { domain: 'bigcorp.test', agentId: c!.agent.id });
    const { conversationId } = await chat({ email: 'cto@BigCorp.test' });
    expect(await offeredTo([a!, b!, c!], conversationId)).toBe(c!.agent.id);
  });

  it('a returning visitor is offered first to the agent they last chatted with', async () => {
    h = await startHarness();
    const [a, b, c] = await threeAgents();
    const first = await chat();
    // round robin gives it to A, who declines; B takes it
    const toA = await a!.client.waitFor('offer:created', (o) => o.conversationId === first.conversationId);
    expectOk(await a!.client.call('offer:decline', { offerId: toA.id }));
    const toB = await b!.client.waitFor('offer:created', (o) => o.conversationId === first.conversationId);
    expectOk(await b!.client.call('offer:accept', { offerId: toB.id }));
    expectOk(await b!.client.call('conversation:end', { conversationId: first.conversationId }));

    // round robin alone would now pick C, who waited longest
    h.clock.advance(60_000);
    const again = expectOk(await first.visitor.call('chat:start', { name: 'Vera', email: 'vera@example.test' }));
    expect(await offeredTo([a!, b!, c!], again.conversation.id)).toBe(b!.agent.id);
  });
});

describe('the offer chain', () => {
  it('skips agents who declined or timed out and never offers anyone the same chat twice', async () => {
    h = await startHarness();
    const [a, b, c] = await threeAgents();
    const { visitor, conversationId } = await chat();
    const toA = await a!.client.waitFor('offer:created', (o) => o.conversationId === conversationId);
    expectOk(await a!.client.call('offer:decline', { offerId: toA.id }));
    await b!.client.waitFor('offer:created', (o) => o.conversationId === conversationId);
    h.clock.advance(h.config.offerTimeoutMs);
    await h.app.sweep();
    const toC = await c!.client.waitFor('offer:created', (o) => o.conversationId === conversationId);
    expectOk(await c!.client.call('offer:decline', { offerId: toC.id }));
    expect((await visitor.waitFor('conversation:updated', (x) => x.status === 'missed')).id).toBe(conversationId);
    for (const x of [a!, b!, c!]) {
      await x.client.flush();
      expect(x.client.received('offer:created').filter((o) => o.conversationId === conversationId)).toHaveLength(1);
    }
  });

  it('ends after the configured number of offers with the admin’s fallback message', async () => {
    h = await startHarness({ ROUTING_MAX_OFFERS: '2' });
    const [a, b] = await threeAgents();
    await saveSettings(h.app.db, { fallbackMessage: 'Please email us.' });
    const { visitor, conversationId } = await chat();
    const toA = await a!.client.waitFor('offer:created', (o) => o.conversationId === conversationId);
    expectOk(await a!.client.call('offer:decline', { offerId: toA.id }));
    const toB = await b!.client.waitFor('offer:created', (o) => o.conversationId === conversationId);
    expectOk(await b!.client.call('offer:decline', { offerId: toB.id }));
    expect((await visitor.waitFor('conversation:updated')).status).toBe('missed');
    expect((await visitor.waitFor('message:created')).body).toBe('Please email us.');
  });

  it('with the booking option on, the fallback message comes with a calendar to book a meeting', async () => {
    h = await startHarness({ FALLBACK_MESSAGE: 'Nobody free.' });
    const [a] = await threeAgents();
    expectOk(
      await a!.client.call('meetings:setSettings', {
        timeZone: 'UTC',
        weekly: [{ day: 1, start: '09:00', end: '17:00' }],
        lengthMinutes: 30,
        bufferMinutes: 0,
        takesMeetings: true,
      }),
    );
    await saveSettings(h.app.db, { fallbackBooking: true });
    for (const x of await h.app.db.selectFrom('users').select('id').execute()) {
      await h.app.db.updateTable('users').set({ available: 0 }).where('id', '=', x.id).execute();
    }
    const { visitor } = await chat();
    expect((await visitor.waitFor('conversation:updated')).status).toBe('missed');
    expect((await visitor.waitFor('message:created')).body).toBe('Nobody free.');
    expect((await visitor.waitFor('message:created')).card).toMatchObject({ type: 'calendar', agentId: a!.agent.id });
  });

  it('ends once the chat has waited the maximum total time', async () => {
    h = await startHarness({ ROUTING_MAX_WAIT_MS: '60000', OFFER_TIMEOUT_MS: '45000' });
    const [a] = await threeAgents();
    const { visitor, conversationId } = await chat();
    await a!.client.waitFor('offer:created', (o) => o.conversationId === conversationId);
    h.clock.advance(45_000);
    await h.app.sweep(); // second offer, at 45 s
    h.clock.advance(45_000);
    await h.app.sweep(); // 90 s > 60 s: no third offer
    expect((await visitor.waitFor('conversation:updated')).status).toBe('missed');
  });
});
