/**
 * Budgets that keep one visitor, one address or one bot from filling the desk: each is refused past
 * its limit, allowed again after its window, and never costs an honest visitor anything.
 */
import { io } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import type { VisitorClientToServerEvents, VisitorServerToClientEvents } from '../../protocol/events.ts';
import { connected, expectOk, SITE_ORIGIN, startHarness, TestClient, type Harness } from './helpers.ts';

let h: Harness;
afterEach(async () => {
  await h?.close();
});

const TEN_MINUTES = 10 * 60_000;

function newSession(forwardedFor?: string, token?: string) {
  return h.post('/api/visitor/session', token ? { token } : {}, { origin: SITE_ORIGIN, ...(forwardedFor ? { 'x-forwarded-for': forwardedFor } : {}) });
}

/** A visitor whose connection comes through the proxy on behalf of `address`. */
async function visitorFrom(address: string) {
  const { token } = (await (await newSession(address)).json()) as { token: string };
  const socket = io(`${h.url}/visitor`, {
    auth: { token },
    transports: ['websocket'],
    extraHeaders: { origin: SITE_ORIGIN, 'x-forwarded-for': address },
    forceNew: true,
    reconnection: false,
  });
  await connected(socket);
  return new TestClient<VisitorServerToClientEvents, VisitorClientToServerEvents>(socket);
}

describe('visitor budgets', () => {
  it('new sessions per address: refused past the limit, a reload keeps its session, another address is served, allowed again later', async () => {
    h = await startHarness({ LIMIT_SESSIONS_PER_ADDRESS: '3', TRUST_PROXY: '1' });
    const tokens = [];
    for (let i = 0; i < 3; i++) tokens.push(((await (await newSession('198.51.100.1')).json()) as { token: string }).token);
    const refused = await newSession('198.51.100.1');
    expect(refused.status).toBe(429);
    expect(await refused.json()).toEqual({ error: 'rate_limited' });
    expect((await newSession('198.51.100.1', tokens[0])).status).toBe(200);
    expect((await newSession('203.0.113.9')).status).toBe(200);
    h.clock.advance(TEN_MINUTES);
    expect((await newSession('198.51.100.1')).status).toBe(200);
  });

  it('chat starts per visitor: a visitor opening and ending chats in a row runs out, asking again for the open chat does not count', async () => {
    h = await startHarness({ LIMIT_CHATS_PER_VISITOR: '2' });
    await h.onlineAgent();
    const visitor = await h.connectVisitor();
    for (let i = 0; i < 2; i++) {
      const { conversation } = expectOk(await visitor.call('chat:start', { name: 'Bot', email: 'bot@example.test' }));
      // the same open chat again: no new chat, no cost
      expect(expectOk(await visitor.call('chat:start', { name: 'Bot', email: 'bot@example.test' })).conversation.id).toBe(conversation.id);
      expectOk(await visitor.call('conversation:end', { conversationId: conversation.id }));
    }
    expect(await visitor.call('chat:start', { name: 'Bot', email: 'bot@example.test' })).toEqual({ ok: false, error: 'rate_limited' });
    // an honest visitor is served at once
    const honest = await h.connectVisitor();
    expectOk(await honest.call('chat:start', { name: 'Honest', email: 'honest@example.test' }));
    h.clock.advance(TEN_MINUTES);
    expectOk(await visitor.call('chat:start', { name: 'Bot', email: 'bot@example.test' }));
  });

  it('chat starts per address: many visitors from one address run out; another address is served', async () => {
    h = await startHarness({ LIMIT_CHATS_PER_ADDRESS: '3', TRUST_PROXY: '1' });
    const agent = await h.onlineAgent();
    const acks = [];
    for (let i = 0; i < 4; i++) acks.push(await (await visitorFrom('198.51.100.7')).call('chat:start', { name: `Bot ${i}`, email: `bot${i}@example.test` }));
    expect(acks.map((a) => a.ok)).toEqual([true, true, true, false]);
    expect(acks[3]).toEqual({ ok: false, error: 'rate_limited' });
    expectOk(await (await visitorFrom('203.0.113.9')).call('chat:start', { name: 'Honest', email: 'honest@example.test' }));
    // the agent was offered exactly the chats that were allowed
    await agent.client.flush();
    expect(agent.client.received('offer:created')).toHaveLength(4);
    expect(await h.app.db.selectFrom('conversations').select('id').execute()).toHaveLength(4);
  });
});
