/**
 * Budgets that keep one visitor, one address or one bot from filling the desk: each is refused past
 * its limit, allowed again after its window, and never costs an honest visitor anything.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { expectOk, openSocket, proxiedSession, proxiedVisitor, SITE_ORIGIN, startHarness, type Harness } from './helpers.ts';

let h: Harness;
afterEach(async () => {
  await h?.close();
});

const TEN_MINUTES = 10 * 60_000;

const newSession = (address: string, token?: string) => proxiedSession(h, address, token);
/** A visitor whose connection comes through the proxy on behalf of `address`. */
const visitorFrom = async (address: string) => (await proxiedVisitor(h, address))!;

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

/** A visitor in an active chat with an online agent (the agent's client records what reaches them). */
async function chatting(env: Record<string, string>) {
  h = await startHarness(env);
  const agent = await h.onlineAgent();
  const visitor = await h.connectVisitor();
  const { conversation } = expectOk(await visitor.call('chat:start', { name: 'Vera', email: 'vera@example.test' }));
  const offer = await agent.client.waitFor('offer:created');
  expectOk(await agent.client.call('offer:accept', { offerId: offer.id }));
  return { agent, visitor, conversationId: conversation.id };
}

const say = (conversationId: string, body = 'hello') => ({ conversationId, clientId: randomUUID(), body });

async function storedVisitorMessages(conversationId: string): Promise<number> {
  const rows = await h.app.db.selectFrom('messages').select('id').where('conversation_id', '=', conversationId).where('author', '=', 'visitor').execute();
  return rows.length;
}

describe('visitor message budgets', () => {
  it('a burst, then refused with rate_limited: nothing stored past it, the agent gets only the burst, a reconnect refills nothing, allowed again after the window', async () => {
    const { agent, visitor, conversationId } = await chatting({ LIMIT_MESSAGE_BURST: '5' });
    const acks = [];
    for (let i = 0; i < 8; i++) acks.push(await visitor.call('message:send', say(conversationId, `flood ${i}`)));
    expect(acks.map((a) => a.ok)).toEqual([true, true, true, true, true, false, false, false]);
    expect(acks[5]).toEqual({ ok: false, error: 'rate_limited' });
    expect(await storedVisitorMessages(conversationId)).toBe(5);
    await agent.client.flush();
    expect(agent.client.received('message:created').filter((m) => m.author === 'visitor')).toHaveLength(5);

    const again = await h.connectVisitor(visitor.token);
    expect(await again.call('message:send', say(conversationId))).toEqual({ ok: false, error: 'rate_limited' });
    h.clock.advance(10_000);
    expectOk(await again.call('message:send', say(conversationId, 'after the window')));
    expect(await storedVisitorMessages(conversationId)).toBe(6);
  });

  it('a steady rate per visitor over ten minutes, past the burst', async () => {
    const { visitor, conversationId } = await chatting({ LIMIT_MESSAGES_PER_VISITOR: '3' });
    for (let i = 0; i < 3; i++) {
      expectOk(await visitor.call('message:send', say(conversationId)));
      h.clock.advance(11_000);
    }
    expect(await visitor.call('message:send', say(conversationId))).toEqual({ ok: false, error: 'rate_limited' });
    h.clock.advance(10 * 60_000);
    expectOk(await visitor.call('message:send', say(conversationId)));
  });

  it('a cap per conversation, which nobody else can spend', async () => {
    const { visitor, conversationId } = await chatting({ LIMIT_MESSAGES_PER_CONVERSATION: '2' });
    const stranger = await h.connectVisitor();
    // a stranger's sends to this conversation are refused as forbidden and cost the visitor nothing
    for (let i = 0; i < 3; i++) expect((await stranger.call('message:send', say(conversationId))).ok).toBe(false);
    expectOk(await visitor.call('message:send', say(conversationId)));
    expectOk(await visitor.call('message:send', say(conversationId)));
    expect(await visitor.call('message:send', say(conversationId))).toEqual({ ok: false, error: 'rate_limited' });
  });

  it("bytes per site per day: once a site is over, its visitors are refused for the rest of the day; another site's are served", async () => {
    const { visitor, conversationId } = await chatting({ LIMIT_BYTES_PER_SITE: '1000' });
    expectOk(await visitor.call('message:send', say(conversationId, 'x'.repeat(600))));
    expect(await visitor.call('message:send', say(conversationId, 'y'.repeat(600)))).toEqual({ ok: false, error: 'rate_limited' });
    expect(await visitor.call('message:send', say(conversationId, 'short'))).toEqual({ ok: false, error: 'rate_limited' });
    expect(await storedVisitorMessages(conversationId)).toBe(1);

    const agent = await h.onlineAgent();
    const shopper = await h.connectVisitor();
    const { conversation } = expectOk(await shopper.call('chat:start', { name: 'Sam', email: 'sam@example.test', siteKey: 'shop' }));
    const offer = await agent.client.waitFor('offer:created', (o) => o.conversationId === conversation.id);
    expectOk(await agent.client.call('offer:accept', { offerId: offer.id }));
    expectOk(await shopper.call('message:send', say(conversation.id, 'z'.repeat(600))));
    h.clock.advance(24 * 60 * 60_000);
    expectOk(await visitor.call('message:send', say(conversationId, 'y'.repeat(600))));
  });

  it('logs a refusal once per window, not once per refused message', async () => {
    const { visitor, conversationId } = await chatting({ LIMIT_MESSAGE_BURST: '2' });
    for (let i = 0; i < 12; i++) await visitor.call('message:send', say(conversationId));
    expect(h.logger.warnings.filter((w) => w.message === 'limit reached')).toEqual([
      { message: 'limit reached', fields: { limit: 'messages-burst', key: expect.any(String), max: 2, windowMs: 10_000 } },
    ]);
    h.clock.advance(10_000);
    for (let i = 0; i < 3; i++) await visitor.call('message:send', say(conversationId));
    expect(h.logger.warnings.filter((w) => w.message === 'limit reached')).toHaveLength(2);
  });
});

describe('connections per address', () => {
  it('refuses new visitor connections from one address past the budget; another address connects; allowed again after a minute', async () => {
    h = await startHarness({ LIMIT_CONNECTIONS_PER_ADDRESS: '2', TRUST_PROXY: '1' });
    const { token } = (await (await newSession('203.0.113.5')).json()) as { token: string };
    const attempt = (address: string) =>
      new Promise<string>((resolve) => {
        const socket = openSocket(h.url, '/visitor', token, SITE_ORIGIN, { 'x-forwarded-for': address });
        socket.once('connect', () => {
          socket.disconnect();
          resolve('connected');
        });
        socket.once('connect_error', (error) => resolve(error.message));
      });
    expect([await attempt('198.51.100.3'), await attempt('198.51.100.3'), await attempt('198.51.100.3')]).toEqual(['connected', 'connected', 'rate_limited']);
    expect(await attempt('198.51.100.4')).toBe('connected');
    h.clock.advance(60_000);
    expect(await attempt('198.51.100.3')).toBe('connected');
  });
});
