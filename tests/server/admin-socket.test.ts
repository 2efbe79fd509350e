import { afterEach, describe, expect, it } from 'vitest';
import type { AdminClientToServerEvents, RulesTestResult } from '../../protocol/admin.ts';
import type { RoutingConfigDTO, RuleInput } from '../../protocol/routing.ts';
import { activeChat, countRows, expectOk, startHarness, type Harness } from './helpers.ts';
import { auditEntries, onlineAdmin } from './admin-fixture.ts';

let h: Harness;
afterEach(async () => {
  await h?.close();
});

const RULE: RuleInput = { name: 'Pricing', priority: 1, conditions: [{ field: 'pageUrl', op: 'contains', value: '/pricing' }], target: { agentIds: ['a'] } };

const RANGE = { from: '2026-01-01', to: '2026-01-08', timeZone: 'UTC' };

/** Every admin command: a well-formed payload, and one its schema refuses. */
const COMMANDS = {
  'admin:agents:list': [{}, { extra: 1 }],
  'admin:agents:create': [{ email: 'new@example.test', name: 'New' }, { email: 'not-an-email', name: 'New' }],
  'admin:agents:update': [{ agentId: 'a', name: 'Renamed' }, { agentId: 'a' }],
  'admin:agents:resetPassword': [{ agentId: 'a' }, {}],
  'admin:agents:setDisabled': [{ agentId: 'a', disabled: true }, { agentId: 'a', disabled: 'yes' }],
  'admin:routing:get': [{}, { all: true }],
  'admin:settings:update': [{ maxOffers: 2 }, { maxOffers: 0 }],
  'admin:teams:put': [{ name: 'Sales', agentIds: [] }, { name: '', agentIds: [] }],
  'admin:teams:remove': [{ id: 't' }, { id: '' }],
  'admin:rules:put': [RULE, { ...RULE, conditions: [] }],
  'admin:rules:remove': [{ id: 'r' }, {}],
  'admin:rules:test': [{ visitor: {} }, { visitor: { age: '3' } }],
  'admin:accounts:put': [{ domain: 'bigcorp.test', agentId: 'a' }, { domain: 'nodot', agentId: 'a' }],
  'admin:accounts:remove': [{ domain: 'bigcorp.test' }, { domain: 'nodot' }],
  'admin:sites:put': [{ siteKey: 'shop', strategy: { kind: 'round_robin' } }, { siteKey: 'shop', strategy: { kind: 'random' } }],
  'admin:sites:remove': [{ siteKey: 'shop' }, { siteKey: 'a b' }],
  'admin:origins:get': [{}, { all: true }],
  'admin:origins:add': [{ pattern: 'https://shop.example.test' }, { pattern: 'https://shop.example.test/cart' }],
  'admin:origins:remove': [{ pattern: 'https://shop.example.test' }, { pattern: 'shop.example.test' }],
  'admin:audit:list': [{}, { limit: 0 }],
  'admin:chat:view': [{ conversationId: 'c' }, { conversationId: 5 }],
  'admin:reports:get': [RANGE, { ...RANGE, to: '2026-01-01' }],
  'admin:reports:csv': [{ range: RANGE, kind: 'days' }, { range: RANGE, kind: 'weeks' }],
  'admin:live:get': [{ timeZone: 'UTC' }, { timeZone: 'Mars/Olympus' }],
} satisfies Record<keyof AdminClientToServerEvents, [unknown, unknown]>;

describe('admin commands on /agent', () => {
  it('answer forbidden to an agent who is not an admin, whatever the payload, and change nothing', async () => {
    h = await startHarness();
    const agent = await h.onlineAgent();
    for (const [event, [valid, invalid]] of Object.entries(COMMANDS)) {
      expect(await agent.client.raw(event, valid), event).toEqual({ ok: false, error: 'forbidden' });
      expect(await agent.client.raw(event, invalid), event).toEqual({ ok: false, error: 'forbidden' });
    }
    expect(await auditEntries(h)).toEqual([]);
    expect((await h.app.db.selectFrom('users').select('email').execute()).map((u) => u.email)).toEqual([agent.email]);
  });

  it('refuse a payload that fails its schema with invalid_payload for an admin, and change nothing', async () => {
    h = await startHarness();
    const admin = await onlineAdmin(h);
    for (const [event, [, invalid]] of Object.entries(COMMANDS)) {
      expect(await admin.client.raw(event, invalid), event).toEqual({ ok: false, error: 'invalid_payload' });
    }
    expect(await auditEntries(h)).toEqual([]);
  });

  it('follow a role change at once: a promoted agent may use them and a demoted one is refused, without reconnecting', async () => {
    h = await startHarness();
    const admin = await onlineAdmin(h);
    const agent = await h.onlineAgent();
    expect(await agent.client.call('admin:agents:list', {})).toEqual({ ok: false, error: 'forbidden' });
    expectOk(await admin.client.call('admin:agents:update', { agentId: agent.agent.id, role: 'admin' }));
    expect(expectOk(await agent.client.call('admin:agents:list', {})).map((a) => a.id)).toContain(admin.agent.id);
    expectOk(await admin.client.call('admin:agents:update', { agentId: agent.agent.id, role: 'agent' }));
    expect(await agent.client.call('admin:agents:list', {})).toEqual({ ok: false, error: 'forbidden' });
    expect(agent.client.socket.connected).toBe(true);
  });

  it('change teams, rules, account owners, sites and settings, each audited with the admin and the values before and after', async () => {
    h = await startHarness();
    const admin = await onlineAdmin(h);
    const ana = await h.addAgent('Ana');
    const bo = await h.addAgent('Bo');
    const by = { actorId: admin.agent.id };

    const team = expectOk(await admin.client.call('admin:teams:put', { name: 'Sales', agentIds: [ana.agent.id] }));
    const renamed = expectOk(await admin.client.call('admin:teams:put', { id: team.id, name: 'Sales EU', agentIds: [bo.agent.id] }));
    expect(renamed).toEqual({ id: team.id, name: 'Sales EU', agentIds: [bo.agent.id] });
    expect(await auditEntries(h, { action: 'team.put' })).toMatchObject([
      { ...by, targetType: 'team', targetId: team.id, before: team, after: renamed },
      { ...by, targetType: 'team', targetId: team.id, before: null, after: team },
    ]);

    const rule = expectOk(await admin.client.call('admin:rules:put', { ...RULE, target: { teamId: team.id } }));
    expect(await auditEntries(h, { action: 'rule.put' })).toMatchObject([{ ...by, targetId: rule.id, before: null, after: rule }]);
    expect(await admin.client.call('admin:teams:remove', { id: team.id })).toEqual({ ok: false, error: 'conflict' });
    expect(expectOk(await admin.client.call('admin:rules:remove', { id: rule.id }))).toBeNull();
    expect(await auditEntries(h, { action: 'rule.remove' })).toMatchObject([{ ...by, targetId: rule.id, before: rule, after: null }]);
    expect(expectOk(await admin.client.call('admin:teams:remove', { id: team.id }))).toBeNull();
    expect(await auditEntries(h, { action: 'team.remove' })).toMatchObject([{ ...by, targetId: team.id, before: renamed, after: null }]);

    const account = expectOk(await admin.client.call('admin:accounts:put', { domain: 'BigCorp.test', agentId: ana.agent.id }));
    expect(account).toEqual({ domain: 'bigcorp.test', agentId: ana.agent.id });
    expectOk(await admin.client.call('admin:accounts:put', { domain: 'bigcorp.test', agentId: bo.agent.id }));
    expectOk(await admin.client.call('admin:accounts:remove', { domain: 'bigcorp.test' }));
    expect(await auditEntries(h, { targetType: 'account' })).toMatchObject([
      { ...by, action: 'account.remove', targetId: 'bigcorp.test', before: { agentId: bo.agent.id }, after: null },
      { ...by, action: 'account.put', before: { agentId: ana.agent.id }, after: { agentId: bo.agent.id } },
      { ...by, action: 'account.put', before: null, after: account },
    ]);

    const site = { siteKey: 'shop', strategy: { kind: 'agent', agentId: ana.agent.id } } as const;
    expectOk(await admin.client.call('admin:sites:put', site));
    expectOk(await admin.client.call('admin:sites:remove', { siteKey: 'shop' }));
    expect(await auditEntries(h, { targetType: 'site' })).toMatchObject([
      { ...by, action: 'site.remove', targetId: 'shop', before: site, after: null },
      { ...by, action: 'site.put', targetId: 'shop', before: null, after: site },
    ]);

    expectOk(await admin.client.call('admin:settings:update', { maxOffers: 2 }));
    const settings = expectOk(await admin.client.call('admin:settings:update', { maxOffers: 3, fallbackMessage: 'Write to us' }));
    expect(settings).toMatchObject({ maxOffers: 3, fallbackMessage: 'Write to us' });
    const [second, first] = await auditEntries(h, { action: 'settings.update' });
    expect(second).toMatchObject({ ...by, targetType: 'settings', targetId: null });
    expect([first!.before, first!.after]).toEqual([{}, { maxOffers: 2 }]);
    expect([second!.before, second!.after]).toEqual([{ maxOffers: 2 }, { maxOffers: 3, fallbackMessage: 'Write to us' }]);

    const config: RoutingConfigDTO = expectOk(await admin.client.call('admin:routing:get', {}));
    expect(config).toMatchObject({ teams: [], rules: [], accounts: [], sites: [], settings: { maxOffers: 3 } });
  });

  it('refuse references to agents, teams and rules that do not exist with not_found, and audit nothing', async () => {
    h = await startHarness();
    const admin = await onlineAdmin(h);
    expect(await admin.client.call('admin:teams:put', { name: 'Ghosts', agentIds: ['nobody'] })).toEqual({ ok: false, error: 'not_found' });
    expect(await admin.client.call('admin:teams:put', { id: 'no-team', name: 'X', agentIds: [] })).toEqual({ ok: false, error: 'not_found' });
    expect(await admin.client.call('admin:rules:remove', { id: 'no-rule' })).toEqual({ ok: false, error: 'not_found' });
    expect(await admin.client.call('admin:sites:put', { siteKey: 'shop', strategy: { kind: 'team', teamId: 'no-team' } })).toEqual({
      ok: false,
      error: 'not_found',
    });
    expect(await admin.client.call('admin:agents:setDisabled', { agentId: 'nobody', disabled: true })).toEqual({ ok: false, error: 'not_found' });
    expect(await auditEntries(h)).toEqual([]);
  });
});

describe('admin:rules:test', () => {
  it('names the matching rule and the agent who would be offered first, and writes nothing', async () => {
    h = await startHarness();
    const admin = await onlineAdmin(h);
    const ana = await h.onlineAgent('Ana');
    const bo = await h.onlineAgent('Bo');
    await h.addAgent('Offline Olga');
    const team = expectOk(await admin.client.call('admin:teams:put', { name: 'Sales', agentIds: [bo.agent.id] }));
    const rule = expectOk(await admin.client.call('admin:rules:put', { ...RULE, target: { teamId: team.id } }));
    const other = expectOk(
      await admin.client.call('admin:rules:put', { name: 'VIP', priority: 5, conditions: [{ field: 'crmStatus', op: 'equals', value: 'VIP' }], target: { agentIds: [ana.agent.id] } }),
    );
    expectOk(await admin.client.call('admin:sites:put', { siteKey: 'default', strategy: { kind: 'rules' } }));
    expectOk(await admin.client.call('admin:accounts:put', { domain: 'bigcorp.test', agentId: ana.agent.id }));
    const audited = (await auditEntries(h)).length;
    const before = await h.app.db.selectFrom('users').select(['id', 'last_offered_at', 'pending_offers']).orderBy('id').execute();

    const pricing: RulesTestResult = expectOk(
      await admin.client.call('admin:rules:test', { pageUrl: 'https://shop.test/pricing', visitor: { name: 'Vera', crmStatus: 'VIP' } }),
    );
    expect(pricing).toMatchObject({ strategy: { kind: 'rules' }, matchingRules: [rule, other], ruleUsed: rule, accountOwnerId: null });
    expect(pricing.firstAgent).toEqual({ id: bo.agent.id, name: 'Bo' });
    expect(pricing.order.map((a) => a.name).sort()).toEqual(['Ana', 'Bo']);

    const owned = expectOk(await admin.client.call('admin:rules:test', { pageUrl: 'https://shop.test/pricing', visitor: { email: 'cto@BigCorp.test' } }));
    expect(owned).toMatchObject({ accountOwnerId: ana.agent.id, firstAgent: { id: ana.agent.id, name: 'Ana' }, ruleUsed: rule });

    const none = expectOk(await admin.client.call('admin:rules:test', { pageUrl: 'https://shop.test/about', visitor: {} }));
    expect(none).toMatchObject({ matchingRules: [], ruleUsed: null, accountOwnerId: null });
    expect(none.firstAgent).not.toBeNull();

    expect(await h.app.db.selectFrom('users').select(['id', 'last_offered_at', 'pending_offers']).orderBy('id').execute()).toEqual(before);
    expect(await countRows(h, 'offers')).toBe(0);
    expect(await auditEntries(h)).toHaveLength(audited);
  });

  it('answers no first agent when nobody online is available', async () => {
    h = await startHarness();
    const admin = await onlineAdmin(h);
    await h.addAgent('Offline Olga');
    const result = expectOk(await admin.client.call('admin:rules:test', { visitor: { name: 'Vera' } }));
    expect(result).toMatchObject({ strategy: { kind: 'round_robin' }, firstAgent: null, order: [] });
  });
});

describe('admin:chat:view', () => {
  it("lets an admin read another agent's active chat, and records the look in the audit log", async () => {
    h = await startHarness();
    const admin = await onlineAdmin(h);
    const ana = await h.onlineAgent('Ana');
    const chat = await activeChat(h, ana.client, 'Vera Visitor');
    expectOk(await chat.visitor.call('message:send', { conversationId: chat.conversationId, clientId: 'v1', body: 'Hello there' }));
    // R8 still holds for everyone else: another agent is refused
    const bo = await h.onlineAgent('Bo');
    expect(await bo.client.call('conversation:open', { conversationId: chat.conversationId })).toEqual({ ok: false, error: 'forbidden' });

    const seen = expectOk(await admin.client.call('admin:chat:view', { conversationId: chat.conversationId }));
    expect(seen.conversation).toMatchObject({ id: chat.conversationId, status: 'active', agentId: ana.agent.id, visitor: { name: 'Vera Visitor' } });
    expect(seen.messages.map((m) => m.body)).toContain('Hello there');
    expect(await auditEntries(h, { action: 'chat.view' })).toMatchObject([
      { actorId: admin.agent.id, targetType: 'chat', targetId: chat.conversationId, before: null, after: { status: 'active', agentId: ana.agent.id } },
    ]);
  });

  it('answers not_found for a chat that does not exist, and records nothing', async () => {
    h = await startHarness();
    const admin = await onlineAdmin(h);
    expect(await admin.client.call('admin:chat:view', { conversationId: 'no-chat' })).toEqual({ ok: false, error: 'not_found' });
    expect(await auditEntries(h)).toEqual([]);
  });
});
