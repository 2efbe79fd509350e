import { afterEach, describe, expect, it } from 'vitest';
import type { RoutingConfigDTO, RuleDTO, TeamDTO } from '../../protocol/routing.ts';
import { createAgent } from '../../server/services/agents.ts';
import { startAgentSession } from '../../server/services/agent-sessions.ts';
import { runAdminCommand } from '../../server/src/admin-cli.ts';
import { AGENT_ORIGIN, PASSWORD, startHarness, type Harness } from './helpers.ts';

let h: Harness;
afterEach(async () => {
  await h?.close();
});

async function adminToken(): Promise<string> {
  const { agent } = await createAgent(
    h.app.db,
    h.clock,
    { email: 'boss@example.test', name: 'Boss', role: 'admin', password: PASSWORD },
    h.config.passwordHashCost,
  );
  return (await startAgentSession(h.app.db, h.clock, agent.id, h.config.accessTokenTtlMs)).accessToken;
}

function api(method: string, path: string, token: string | null, body?: unknown): Promise<Response> {
  return fetch(`${h.url}/api/admin/${path}`, {
    method,
    headers: {
      origin: AGENT_ORIGIN,
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

describe('admin API', () => {
  it('answers 401 without a token and 403 to an agent who is not an admin', async () => {
    h = await startHarness();
    const agent = await h.addAgent();
    expect((await api('GET', 'routing', null)).status).toBe(401);
    expect((await api('GET', 'routing', agent.token)).status).toBe(403);
    expect((await api('PUT', 'settings', agent.token, { maxOffers: 2 })).status).toBe(403);
  });

  it('lets an admin manage teams, rules, account owners, sites and settings', async () => {
    h = await startHarness({ FALLBACK_MESSAGE: 'Env fallback' });
    const token = await adminToken();
    const ana = await h.addAgent('Ana');
    const bo = await h.addAgent('Bo');

    const initial = (await (await api('GET', 'routing', token)).json()) as RoutingConfigDTO;
    expect(initial).toEqual({
      settings: {
        fallbackMessage: 'Env fallback',
        fallbackMessages: { en: 'Env fallback', de: 'Env fallback', sv: 'Env fallback', nl: 'Env fallback', es: 'Env fallback', fr: 'Env fallback' },
        fallbackBooking: false,
        maxOffers: 5,
        maxWaitMs: 600_000,
        queueMaxWaitMs: 600_000,
        offerTimeoutMs: 45_000,
        idleTimeoutMs: 600_000,
        maxChatsPerAgent: 10,
      },
      sites: [],
      teams: [],
      rules: [],
      accounts: [],
    });

    const team = (await (await api('POST', 'teams', token, { name: 'Sales', agentIds: [ana.agent.id, bo.agent.id] })).json()) as TeamDTO;
    expect(team.agentIds.sort()).toEqual([ana.agent.id, bo.agent.id].sort());
    const rule = (await (
      await api('POST', 'rules', token, {
        name: 'Pricing',
        priority: 1,
        conditions: [{ field: 'pageUrl', op: 'contains', value: '/pricing' }],
        target: { teamId: team.id },
      })
    ).json()) as RuleDTO;
    expect((await api('PUT', 'accounts/BigCorp.test', token, { agentId: bo.agent.id })).status).toBe(200);
    expect((await api('PUT', 'sites/shop', token, { strategy: { kind: 'rules' } })).status).toBe(200);
    const settings = await (await api('PUT', 'settings', token, { fallbackMessage: 'Admin fallback', maxOffers: 3 })).json();
    expect(settings).toMatchObject({ fallbackMessage: 'Admin fallback', maxOffers: 3 });

    const after = (await (await api('GET', 'routing', token)).json()) as RoutingConfigDTO;
    expect(after.rules).toEqual([rule]);
    expect(after.accounts).toEqual([{ domain: 'bigcorp.test', agentId: bo.agent.id }]);
    expect(after.sites).toEqual([{ siteKey: 'shop', strategy: { kind: 'rules' } }]);

    expect((await api('DELETE', `teams/${team.id}`, token)).status).toBe(400); // still used by the rule
    expect((await api('DELETE', `rules/${rule.id}`, token)).status).toBe(204);
    expect((await api('DELETE', `teams/${team.id}`, token)).status).toBe(204);
    expect((await api('DELETE', 'accounts/bigcorp.test', token)).status).toBe(204);
    expect((await api('DELETE', 'sites/shop', token)).status).toBe(204);
    const emptied = (await (await api('GET', 'routing', token)).json()) as RoutingConfigDTO;
    expect([emptied.teams, emptied.rules, emptied.accounts, emptied.sites]).toEqual([[], [], [], []]);
  });

  it('refuses malformed bodies and references to agents or teams that do not exist', async () => {
    h = await startHarness();
    const token = await adminToken();
    expect((await api('PUT', 'settings', token, { maxOffers: 0 })).status).toBe(400);
    expect((await api('PUT', 'settings', token, { unknown: 1 })).status).toBe(400);
    expect((await api('POST', 'rules', token, { name: 'x', priority: 1, conditions: [], target: { agentIds: ['a'] } })).status).toBe(400);
    const unknownAgent = await api('PUT', 'sites/default', token, { strategy: { kind: 'agent', agentId: 'nobody' } });
    expect(unknownAgent.status).toBe(400);
    expect(await unknownAgent.json()).toMatchObject({ error: 'invalid_reference' });
    expect((await api('PUT', 'teams/no-such-team', token, { name: 'X', agentIds: [] })).status).toBe(400);
    expect((await api('GET', 'nothing-here', token)).status).toBe(404);
    expect((await api('DELETE', 'routing', token)).status).toBe(405);
  });
});

describe('admin command: routing', () => {
  const admin = (...args: string[]) => runAdminCommand(args, h.app.db, h.clock, h.config);

  it('sets teams, rules, account owners, strategies and settings by agent email', async () => {
    h = await startHarness();
    const ana = await h.addAgent('Ana');
    const bo = await h.addAgent('Bo');
    expect(await admin('team', '--name', 'Sales', '--agents', `${ana.email},${bo.email}`)).toMatch(/^team Sales \(.+\): 2 agents$/);
    expect(await admin('site', '--site', 'default', '--strategy', 'team', '--team', 'Sales')).toBe('site default: team');
    expect(await admin('rule', '--name', 'VIP', '--priority', '5', '--when', 'crmStatus one_of Customer, VIP', '--agents', bo.email)).toMatch(
      /^rule .+: VIP$/,
    );
    expect(await admin('account', '--domain', 'bigcorp.test', '--email', ana.email)).toBe(`account bigcorp.test → ${ana.email}`);
    await admin('settings', '--max-offers', '2', '--fallback-message', 'Write to us', '--fallback-booking', 'on');

    const shown = JSON.parse(await admin('routing')) as RoutingConfigDTO;
    expect(shown.settings).toMatchObject({ maxOffers: 2, fallbackMessage: 'Write to us', fallbackBooking: true });
    expect(shown.rules[0]).toMatchObject({
      name: 'VIP',
      priority: 5,
      conditions: [{ field: 'crmStatus', op: 'one_of', value: ['Customer', 'VIP'] }],
      target: { agentIds: [bo.agent.id] },
    });
    expect(shown.sites[0]!.strategy).toEqual({ kind: 'team', teamId: shown.teams[0]!.id });
    expect(shown.accounts).toEqual([{ domain: 'bigcorp.test', agentId: ana.agent.id }]);
  });

  it('refuses unknown agents, teams, strategies and malformed conditions with a message', async () => {
    h = await startHarness();
    await expect(admin('account', '--domain', 'x.test', '--email', 'nobody@example.test')).rejects.toThrow('no agent with email');
    await expect(admin('site', '--site', 'default', '--strategy', 'team', '--team', 'Ghosts')).rejects.toThrow('no team named Ghosts');
    await expect(admin('site', '--site', 'default', '--strategy', 'random')).rejects.toThrow('unknown strategy');
    await expect(admin('rule', '--name', 'x', '--priority', '1', '--when', 'pageUrl', '--agents', 'a@b.c')).rejects.toThrow('FIELD OP VALUE');
  });
});
