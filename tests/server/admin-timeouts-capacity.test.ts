import { afterEach, describe, expect, it } from 'vitest';
import { saveSettings } from '../../server/db/routing-config.ts';
import { runAdminCommand } from '../../server/src/admin-cli.ts';
import { AGENT_ORIGIN, activeChat, expectOk, startChat, startHarness, type AgentClient, type Harness } from './helpers.ts';
import { auditEntries, onlineAdmin } from './admin-fixture.ts';

let h: Harness;
afterEach(async () => {
  await h?.close();
});

async function loadOf(agentId: string) {
  return h.app.db.selectFrom('users').select(['active_chats', 'pending_offers']).where('id', '=', agentId).executeTakeFirstOrThrow();
}

/**
 * Starts a chat of a new visitor with an email of their own (so no earlier agent of theirs goes first)
 * and answers whichever of `agents` is offered it by accepting; returns who took it.
 */
async function chatTakenByEither(agents: Array<{ id: string; client: AgentClient }>, n: number): Promise<string> {
  const visitor = await h.connectVisitor();
  const conversationId = expectOk(await visitor.call('chat:start', { name: `Visitor ${n}`, email: `visitor${n}@example.test` })).conversation.id;
  const taker = await Promise.any(
    agents.map(async (a) => {
      const offer = await a.client.waitFor('offer:created', (o) => o.conversationId === conversationId, 3000);
      expectOk(await a.client.call('offer:accept', { offerId: offer.id }));
      return a.id;
    }),
  );
  return taker;
}

describe('settings: offer timeout', () => {
  it('a changed offer timeout sets the next offer’s deadline and the sweep expires it then; an offer already made keeps its own', async () => {
    h = await startHarness({ OFFER_TIMEOUT_MS: '45000' });
    const admin = await onlineAdmin(h);
    const ana = await h.onlineAgent('Ana');
    const before = await startChat(h, 'Before');
    const first = await ana.client.waitFor('offer:created', (o) => o.conversationId === before.conversationId);
    expect(first.expiresAt - first.createdAt).toBe(45_000);

    const settings = expectOk(await admin.client.call('admin:settings:update', { offerTimeoutMs: 20_000 }));
    expect(settings.offerTimeoutMs).toBe(20_000);
    const after = await startChat(h, 'After');
    const second = await ana.client.waitFor('offer:created', (o) => o.conversationId === after.conversationId);
    expect(second.expiresAt - second.createdAt).toBe(20_000);
    const stored = await h.app.db.selectFrom('offers').select('expires_at').where('id', '=', second.id).executeTakeFirstOrThrow();
    expect(Number(stored.expires_at)).toBe(second.createdAt + 20_000);

    h.clock.advance(19_999);
    await h.app.sweep();
    await ana.client.flush();
    expect(ana.client.received('offer:ended')).toEqual([]);
    h.clock.advance(1);
    await h.app.sweep();
    expect(await ana.client.waitFor('offer:ended')).toEqual({ offerId: second.id, conversationId: after.conversationId, reason: 'expired' });
    await ana.client.flush();
    // the offer made under the old timeout runs to its own deadline
    expect(ana.client.received('offer:ended').map((e) => e.offerId)).toEqual([second.id]);
    expect(expectOk(await ana.client.call('offer:accept', { offerId: first.id })).id).toBe(before.conversationId);
  });

  it('a value another server process stored in the shared database applies at the next offer (no process keeps a copy)', async () => {
    h = await startHarness({ OFFER_TIMEOUT_MS: '45000' });
    const ana = await h.onlineAgent('Ana');
    await saveSettings(h.app.db, { offerTimeoutMs: 30_000 });
    const chat = await startChat(h);
    const offer = await ana.client.waitFor('offer:created', (o) => o.conversationId === chat.conversationId);
    expect(offer.expiresAt - offer.createdAt).toBe(30_000);
  });
});

describe('settings: idle timeout', () => {
  it('a changed idle timeout ends an active chat after that long without activity, and the notice says so', async () => {
    h = await startHarness({ IDLE_TIMEOUT_MS: '600000' });
    const admin = await onlineAdmin(h);
    const ana = await h.onlineAgent('Ana');
    const { visitor, conversationId } = await activeChat(h, ana.client);
    expectOk(await admin.client.call('admin:settings:update', { idleTimeoutMs: 120_000 }));

    h.clock.advance(119_999);
    await h.app.sweep();
    await ana.client.flush();
    expect(ana.client.received('conversation:ended')).toEqual([]);
    h.clock.advance(1);
    await h.app.sweep();
    expect(await ana.client.waitFor('conversation:ended')).toMatchObject({ id: conversationId, status: 'ended', endedBy: 'system' });
    const notice = 'Chat ended after 2 minutes without activity';
    expect((await visitor.waitFor('message:created', (m) => m.body === notice)).author).toBe('system');
    expect((await loadOf(ana.agent.id)).active_chats).toBe(0);
  });

  it('a longer idle timeout keeps a chat open past the environment’s', async () => {
    h = await startHarness({ IDLE_TIMEOUT_MS: '600000' });
    const admin = await onlineAdmin(h);
    const ana = await h.onlineAgent('Ana');
    const { conversationId } = await activeChat(h, ana.client);
    expectOk(await admin.client.call('admin:settings:update', { idleTimeoutMs: 3_600_000 }));
    h.clock.advance(600_000);
    await h.app.sweep();
    const row = await h.app.db.selectFrom('conversations').select('status').where('id', '=', conversationId).executeTakeFirstOrThrow();
    expect(row.status).toBe('active');
    h.clock.advance(3_000_000);
    await h.app.sweep();
    expect(await ana.client.waitFor('conversation:ended')).toMatchObject({ id: conversationId });
  });
});

describe('settings: capacity, and an agent’s own', () => {
  it('the capacity setting limits offers: an agent holding that many chats gets no offer, the chat queues', async () => {
    h = await startHarness({ MAX_CHATS_PER_AGENT: '10' });
    const admin = await onlineAdmin(h);
    const ana = await h.onlineAgent('Ana');
    expectOk(await admin.client.call('admin:settings:update', { maxChatsPerAgent: 1 }));
    await activeChat(h, ana.client);
    const second = await startChat(h, 'Second');
    expect(await second.visitor.waitFor('queue:updated')).toEqual({ conversationId: second.conversationId, position: 1 });
    await ana.client.flush();
    expect(ana.client.received('offer:created').map((o) => o.conversationId)).not.toContain(second.conversationId);
    expect(await loadOf(ana.agent.id)).toEqual({ active_chats: 1, pending_offers: 0 });
  });

  it('the capacity setting limits accepts: lowered below what an agent holds, their open offer cannot be accepted', async () => {
    h = await startHarness({ MAX_CHATS_PER_AGENT: '10' });
    const admin = await onlineAdmin(h);
    const ana = await h.onlineAgent('Ana');
    await activeChat(h, ana.client);
    const next = await startChat(h, 'Next');
    const offer = await ana.client.waitFor('offer:created', (o) => o.conversationId === next.conversationId);
    expectOk(await admin.client.call('admin:settings:update', { maxChatsPerAgent: 1 }));
    expect(await ana.client.call('offer:accept', { offerId: offer.id })).toEqual({ ok: false, error: 'capacity_reached' });
    expect((await loadOf(ana.agent.id)).active_chats).toBe(1);
  });

  it('an agent with their own capacity 1 is not offered a second chat while an agent of the default capacity is', async () => {
    h = await startHarness({ MAX_CHATS_PER_AGENT: '10' });
    const admin = await onlineAdmin(h);
    const ana = await h.onlineAgent('Ana');
    const bo = await h.onlineAgent('Bo');
    expect(expectOk(await admin.client.call('admin:agents:update', { agentId: ana.agent.id, maxChats: 1 }))).toMatchObject({ maxChats: 1, capacity: 1 });
    const agents = [
      { id: ana.agent.id, client: ana.client },
      { id: bo.agent.id, client: bo.client },
    ];
    // round robin alone would give two chats each
    const takers: string[] = [];
    for (let i = 0; i < 4; i++) {
      takers.push(await chatTakenByEither(agents, i));
      h.clock.advance(1000);
    }
    expect(takers.filter((id) => id === ana.agent.id)).toHaveLength(1);
    expect(takers.filter((id) => id === bo.agent.id)).toHaveLength(3);
    expect(await loadOf(ana.agent.id)).toEqual({ active_chats: 1, pending_offers: 0 });

    // the people list and the live desk show each agent's capacity
    const listed = Object.fromEntries(expectOk(await admin.client.call('admin:agents:list', {})).map((a) => [a.name, a]));
    expect(listed.Ana).toMatchObject({ capacity: 1, maxChats: 1 });
    expect(listed.Bo).toMatchObject({ capacity: 10, maxChats: null });
    const desk = Object.fromEntries(expectOk(await admin.client.call('admin:live:get', { timeZone: 'UTC' })).agents.map((a) => [a.name, a]));
    expect(desk.Ana!.capacity).toBe(1);
    expect(desk.Bo!.capacity).toBe(10);
  });

  it('an agent’s own capacity above the setting lets them hold more; cleared, the setting applies again', async () => {
    h = await startHarness({ MAX_CHATS_PER_AGENT: '10' });
    const admin = await onlineAdmin(h);
    const ana = await h.onlineAgent('Ana');
    expectOk(await admin.client.call('admin:settings:update', { maxChatsPerAgent: 1 }));
    expectOk(await admin.client.call('admin:agents:update', { agentId: ana.agent.id, maxChats: 2 }));
    await activeChat(h, ana.client, 'One');
    await activeChat(h, ana.client, 'Two');
    expect((await loadOf(ana.agent.id)).active_chats).toBe(2);

    const cleared = expectOk(await admin.client.call('admin:agents:update', { agentId: ana.agent.id, maxChats: null }));
    expect(cleared).toMatchObject({ maxChats: null, capacity: 1 });
    const third = await startChat(h, 'Three');
    expect(await third.visitor.waitFor('queue:updated')).toEqual({ conversationId: third.conversationId, position: 1 });
  });
});

describe('settings and own capacity: who may, what is accepted, what is audited', () => {
  it('a plain agent gets forbidden for both, and nothing changes', async () => {
    h = await startHarness();
    const ana = await h.onlineAgent('Ana');
    expect(await ana.client.call('admin:agents:update', { agentId: ana.agent.id, maxChats: 50 })).toEqual({ ok: false, error: 'forbidden' });
    expect(await ana.client.call('admin:settings:update', { offerTimeoutMs: 600_000, idleTimeoutMs: 86_400_000, maxChatsPerAgent: 50 })).toEqual({
      ok: false,
      error: 'forbidden',
    });
    const row = await h.app.db.selectFrom('users').select('max_chats').where('id', '=', ana.agent.id).executeTakeFirstOrThrow();
    expect(row.max_chats).toBeNull();
    expect(await h.app.db.selectFrom('routing_settings').selectAll().execute()).toEqual([]);
  });

  it('refuses values out of bounds or not whole numbers with invalid_payload, and changes nothing', async () => {
    h = await startHarness();
    const admin = await onlineAdmin(h);
    const ana = await h.addAgent('Ana');
    const badSettings = [
      { offerTimeoutMs: 9_999 },
      { offerTimeoutMs: 600_001 },
      { idleTimeoutMs: 59_999 },
      { idleTimeoutMs: 86_400_001 },
      { maxChatsPerAgent: 0 },
      { maxChatsPerAgent: 51 },
      { maxChatsPerAgent: 2.5 },
      { offerTimeoutMs: '45000' },
      { idleTimeoutMs: null },
    ];
    for (const patch of badSettings) {
      expect(await admin.client.raw('admin:settings:update', patch), JSON.stringify(patch)).toEqual({ ok: false, error: 'invalid_payload' });
    }
    for (const maxChats of [0, 51, 1.5, '3']) {
      expect(await admin.client.raw('admin:agents:update', { agentId: ana.agent.id, maxChats }), String(maxChats)).toEqual({ ok: false, error: 'invalid_payload' });
    }
    expect(await h.app.db.selectFrom('routing_settings').selectAll().execute()).toEqual([]);
    expect(await auditEntries(h)).toEqual([]);
    // the bounds themselves are accepted
    expectOk(await admin.client.call('admin:settings:update', { offerTimeoutMs: 10_000, idleTimeoutMs: 86_400_000, maxChatsPerAgent: 50 }));
    expectOk(await admin.client.call('admin:settings:update', { offerTimeoutMs: 600_000, idleTimeoutMs: 60_000, maxChatsPerAgent: 1 }));
  });

  it('audits the settings and an agent’s own capacity with the values before and after', async () => {
    h = await startHarness();
    const admin = await onlineAdmin(h);
    const ana = await h.addAgent('Ana');
    expectOk(await admin.client.call('admin:settings:update', { offerTimeoutMs: 30_000, idleTimeoutMs: 300_000, maxChatsPerAgent: 4 }));
    expectOk(await admin.client.call('admin:settings:update', { maxChatsPerAgent: 6 }));
    expectOk(await admin.client.call('admin:agents:update', { agentId: ana.agent.id, maxChats: 2 }));
    expectOk(await admin.client.call('admin:agents:update', { agentId: ana.agent.id, maxChats: null }));
    const by = { actorId: admin.agent.id };
    expect(await auditEntries(h)).toMatchObject([
      { ...by, action: 'agent.update', targetId: ana.agent.id, before: { name: 'Ana', role: 'agent', maxChats: 2 }, after: { name: 'Ana', role: 'agent', maxChats: null } },
      { ...by, action: 'agent.update', targetId: ana.agent.id, before: { name: 'Ana', role: 'agent', maxChats: null }, after: { name: 'Ana', role: 'agent', maxChats: 2 } },
      {
        ...by,
        action: 'settings.update',
        before: { offerTimeoutMs: 30_000, idleTimeoutMs: 300_000, maxChatsPerAgent: 4 },
        after: { offerTimeoutMs: 30_000, idleTimeoutMs: 300_000, maxChatsPerAgent: 6 },
      },
      { ...by, action: 'settings.update', before: {}, after: { offerTimeoutMs: 30_000, idleTimeoutMs: 300_000, maxChatsPerAgent: 4 } },
    ]);
  });

  it('the admin API and npm run admin set the same settings and own capacity', async () => {
    h = await startHarness();
    const admin = await onlineAdmin(h);
    const ana = await h.addAgent('Ana');
    await runAdminCommand(['settings', '--offer-timeout-ms', '15000', '--idle-timeout-ms', '120000', '--max-chats-per-agent', '3'], h.app.db, h.clock, h.config);
    await runAdminCommand(['update-agent', '--email', ana.email, '--max-chats', '5'], h.app.db, h.clock, h.config);
    const settings = expectOk(await admin.client.call('admin:routing:get', {})).settings;
    expect(settings).toMatchObject({ offerTimeoutMs: 15_000, idleTimeoutMs: 120_000, maxChatsPerAgent: 3 });
    const listed = expectOk(await admin.client.call('admin:agents:list', {})).find((a) => a.id === ana.agent.id);
    expect(listed).toMatchObject({ maxChats: 5, capacity: 5 });
    await runAdminCommand(['update-agent', '--email', ana.email, '--max-chats', 'default'], h.app.db, h.clock, h.config);

    const response = await fetch(`${h.url}/api/admin/agents/${ana.agent.id}`, {
      method: 'PUT',
      headers: { origin: AGENT_ORIGIN, authorization: `Bearer ${admin.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ maxChats: 7 }),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ maxChats: 7, capacity: 7 });
  });
});
