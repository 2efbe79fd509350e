/**
 * Operating several processes: disabling an agent reaches every process at once (from the admin API
 * or the CLI), so does a site added or removed in the console, a second process without Redis refuses to start, health and readiness answer, and a
 * SIGTERM lets a process go without anyone losing anything.
 */
import { spawnSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { createAgent } from '../../server/services/agents.ts';
import { startAgentSession } from '../../server/services/agent-sessions.ts';
import { systemClock } from '../../server/src/clock.ts';
import { DEFAULT_ACCESS_TOKEN_TTL_MS } from '../../server/src/config.ts';
import { AGENT_ORIGIN, connected, expectOk, freePort, openSocket, type AgentClient } from '../server/helpers.ts';
import { startCluster, statusOf, until, type Cluster, type ServerProcess } from './cluster.ts';

let cluster: Cluster | null = null;
afterEach(async () => {
  await cluster?.close();
  cluster = null;
});

function disconnected(agent: AgentClient): Promise<string> {
  return new Promise((resolve) => {
    if (!agent.socket.connected) resolve('already');
    agent.socket.once('disconnect', (reason: string) => resolve(reason));
  });
}

describe('disable takes effect at once on every process', () => {
  it('from the admin API: sockets closed, the pending offer and the open chat go to another agent, the visitor is told', async () => {
    cluster = await startCluster(3);
    const c = cluster;
    const [one, two, three] = c.nodes as [ServerProcess, ServerProcess, ServerProcess];
    const ada = await c.addAgent('Ada');
    const bob = await c.addAgent('Bob');
    const adaSocket = await c.connectAgent(one, ada.token);
    const bobSocket = await c.connectAgent(two, bob.token);
    expectOk(await bobSocket.call('availability:set', { available: false }));

    const talking = await c.connectVisitor(two);
    const chatId = expectOk(await talking.call('chat:start', { name: 'Talking', email: 't@example.test' })).conversation.id;
    expectOk(await adaSocket.call('offer:accept', { offerId: (await adaSocket.waitFor('offer:created')).id }));
    const waiting = await c.connectVisitor(three);
    const waitingId = expectOk(await waiting.call('chat:start', { name: 'Waiting', email: 'w@example.test' })).conversation.id;
    await adaSocket.waitFor('offer:created', (o) => o.conversationId === waitingId);
    expectOk(await bobSocket.call('availability:set', { available: true }));

    const { agent: admin } = await createAgent(c.db.db, systemClock, { email: 'admin@example.test', name: 'Admin', role: 'admin', password: 'correct horse battery' });
    const adminToken = (await startAgentSession(c.db.db, systemClock, admin.id, DEFAULT_ACCESS_TOKEN_TTL_MS)).accessToken;
    const closed = disconnected(adaSocket);
    const response = await fetch(`${three.url}/api/admin/agents/${ada.agent.id}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${adminToken}`, origin: AGENT_ORIGIN },
      body: JSON.stringify({ disabled: true }),
    });
    expect(response.status).toBe(200);
    expect(await closed).toBe('io server disconnect');

    // the visitor hears their agent left and that someone else is coming
    expect((await talking.waitFor('conversation:updated', (u) => u.status === 'waiting')).agentName).toBeNull();
    expect((await talking.waitFor('message:created', (m) => m.author === 'system' && m.body.includes('no longer available'))).body).toMatch(/^Ada /);
    const offers = [await bobSocket.waitFor('offer:created', (o) => o.conversationId === chatId), await bobSocket.waitFor('offer:created', (o) => o.conversationId === waitingId)];
    for (const offer of offers) expectOk(await bobSocket.call('offer:accept', { offerId: offer.id }));
    expectOk(await talking.call('message:send', { conversationId: chatId, clientId: 'after', body: 'hello again' }));
    expect((await bobSocket.waitFor('message:created', (m) => m.clientId === 'after')).conversationId).toBe(chatId);

    const row = await c.db.db.selectFrom('users').select(['active_chats', 'pending_offers', 'disabled']).where('id', '=', ada.agent.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ active_chats: 0, pending_offers: 0, disabled: 1 });
    // and Ada cannot come back
    await expect(c.connectAgent(two, ada.token)).rejects.toThrow(/unauthorized/);
  });

  it('from the CLI, which reaches only the database: the running processes close the sockets and hand the chat on', async () => {
    cluster = await startCluster(3);
    const c = cluster;
    const [one, two] = c.nodes as [ServerProcess, ServerProcess];
    const carl = await c.addAgent('Carl');
    const dora = await c.addAgent('Dora');
    const carlSocket = await c.connectAgent(one, carl.token);
    const visitor = await c.connectVisitor(two);
    const chatId = expectOk(await visitor.call('chat:start', { name: 'V', email: 'v@example.test' })).conversation.id;
    expectOk(await carlSocket.call('offer:accept', { offerId: (await carlSocket.waitFor('offer:created')).id }));
    const doraSocket = await c.connectAgent(two, dora.token);

    const closed = disconnected(carlSocket);
    const cli = spawnSync(process.execPath, ['server/src/admin.ts', 'disable', '--email', carl.email], {
      env: { ...process.env, ...c.env, REDIS_URL: '' },
      encoding: 'utf8',
    });
    expect(cli.stdout.trim()).toBe(`disabled ${carl.email}`);
    expect(await closed).toBe('io server disconnect');
    const offer = await doraSocket.waitFor('offer:created', (o) => o.conversationId === chatId, 10_000);
    expectOk(await doraSocket.call('offer:accept', { offerId: offer.id }));
    expect(await statusOf(c, chatId)).toBe('active');
  });
});

describe('signing out', () => {
  it('closes the sockets of the session on every process', async () => {
    cluster = await startCluster(2);
    const [one, two] = cluster.nodes as [ServerProcess, ServerProcess];
    const ada = await cluster.addAgent('Ada');
    const socket = await cluster.connectAgent(one, ada.token);
    const closed = disconnected(socket);
    const response = await fetch(`${two.url}/api/auth/logout`, { method: 'POST', headers: { authorization: `Bearer ${ada.token}`, origin: AGENT_ORIGIN } });
    expect(response.status).toBe(204);
    expect(await closed).toBe('io server disconnect');
    // a deliberate close: no grace, the agent is simply gone
    await until(async () => (await cluster!.db.db.selectFrom('agent_connections').select('socket_id').execute()).length === 0, 'presence ended');
    const row = await cluster.db.db.selectFrom('users').select('lost_at').where('id', '=', ada.agent.id).executeTakeFirstOrThrow();
    expect(row.lost_at).toBeNull();
  });
});

describe('sites added in the console', () => {
  it('hold on every process at once: added on one, a visitor of the site is served by the others; removed, refused by all', async () => {
    cluster = await startCluster(3);
    const c = cluster;
    const [one, two, three] = c.nodes as [ServerProcess, ServerProcess, ServerProcess];
    const shop = 'https://shop.example.test';
    const { agent: admin } = await createAgent(c.db.db, systemClock, { email: 'sites@example.test', name: 'Sites', role: 'admin', password: 'correct horse battery' });
    const adminToken = (await startAgentSession(c.db.db, systemClock, admin.id, DEFAULT_ACCESS_TOKEN_TTL_MS)).accessToken;
    const adminSocket = await c.connectAgent(one, adminToken);
    const sessionOn = async (node: ServerProcess) => {
      const response = await fetch(`${node.url}/api/visitor/session`, { method: 'POST', headers: { 'content-type': 'application/json', origin: shop }, body: '{}' });
      return { status: response.status, token: ((await response.json()) as { token?: string }).token };
    };
    expect((await sessionOn(two)).status).toBe(403);

    expectOk(await adminSocket.call('admin:origins:add', { pattern: shop }));
    const session = await sessionOn(two);
    expect(session.status).toBe(200);
    const widget = openSocket(three.url, '/visitor', session.token, shop);
    try {
      await connected(widget);
    } finally {
      widget.disconnect();
    }

    expectOk(await (await c.connectAgent(two, adminToken)).call('admin:origins:remove', { pattern: shop }));
    expect((await sessionOn(three)).status).toBe(403);
    expect((await sessionOn(one)).status).toBe(403);
  });
});

describe('running the processes', () => {
  it('a second process on PostgreSQL without REDIS_URL refuses to start, in one line', async () => {
    cluster = await startCluster(1, { REDIS_URL: '' });
    const port = await freePort();
    const second = spawnSync(process.execPath, ['server/src/index.ts'], {
      env: { ...process.env, ...cluster.env, REDIS_URL: '', PORT: String(port) },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(second.status).not.toBe(0);
    expect(second.stderr.trim().split('\n')).toEqual([expect.stringMatching(/already serves this PostgreSQL database.*REDIS_URL/)]);
  });

  it('answers /healthz and /readyz, and after SIGTERM its agents reconnect elsewhere without losing their offer', async () => {
    cluster = await startCluster(2);
    const c = cluster;
    const [leaving, staying] = c.nodes as [ServerProcess, ServerProcess];
    expect(await (await fetch(`${leaving.url}/healthz`)).json()).toEqual({ status: 'ok' });
    expect(await (await fetch(`${leaving.url}/readyz`)).json()).toEqual({ accepting: true, database: true, redis: true });

    const ada = await c.addAgent('Ada');
    const adaSocket = await c.connectAgent(leaving, ada.token);
    const visitor = await c.connectVisitor(staying);
    const chatId = expectOk(await visitor.call('chat:start', { name: 'V', email: 'v@example.test' })).conversation.id;
    const offer = await adaSocket.waitFor('offer:created');

    expect(await leaving.stop()).toBe(0);
    // shutting down is not leaving: the agent keeps their grace and the offer stays theirs
    const back = await c.connectAgent(staying, ada.token);
    const snapshot = expectOk(await back.call('sync:pull', { cursors: {} }));
    expect(snapshot.offers.map((o) => o.id)).toEqual([offer.id]);
    expectOk(await back.call('offer:accept', { offerId: offer.id }));
    expect(await statusOf(c, chatId)).toBe('active');
    await until(async () => (await c.db.db.selectFrom('server_nodes').select('id').execute()).length === 1, 'the stopped process deregistered');
  });
});
