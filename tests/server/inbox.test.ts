import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ConversationDTO } from '../../protocol/dto.ts';
import { activeChat, expectOk, startHarness, type AgentClient, type Harness } from './helpers.ts';

let h: Harness;
afterEach(async () => {
  await h?.close();
});

const DAY = 24 * 60 * 60 * 1000;

/**
 * A holds X (active); B holds Y (active) and has ended Z. A is offline while Y and Z are routed, so
 * they can only go to B.
 */
async function twoAgents() {
  h = await startHarness();
  const ada = await h.onlineAgent('Ada');
  const x = await activeChat(h, ada.client, 'Xavier Active');
  ada.client.close();
  await vi.waitFor(() => expect(h.app.io.of('/agent').sockets.size).toBe(0));
  const b = await h.onlineAgent('Bo');
  const y = await activeChat(h, b.client, 'Yara Open');
  h.clock.advance(1000);
  const z = await activeChat(h, b.client, 'Zoe Past');
  expectOk(await b.client.call('message:send', { conversationId: z.conversationId, clientId: 'z1', body: 'Hello Zoe' }));
  h.clock.advance(60_000);
  expectOk(await b.client.call('conversation:end', { conversationId: z.conversationId }));
  const a = { ...ada, client: await h.connectAgent(ada.token) };
  return { a, b, x, y, z };
}

const ids = (items: ConversationDTO[]) => items.map((c) => c.id).sort();

describe('conversation:list (R8)', () => {
  it('lists only the caller’s own active chats under Active', async () => {
    const { a, x } = await twoAgents();
    const page = expectOk(await a.client.call('conversation:list', { filter: 'active' }));
    expect(ids(page.items)).toEqual([x.conversationId]);
    expect(page.nextCursor).toBeNull();
  });

  it('lists every agent’s past chats but never another agent’s active one under All', async () => {
    const { a, x, y, z } = await twoAgents();
    const page = expectOk(await a.client.call('conversation:list', { filter: 'all' }));
    expect(ids(page.items)).toEqual([x.conversationId, z.conversationId].sort());
    expect(page.items.map((c) => c.id)).not.toContain(y.conversationId);
  });

  it('pages by cursor, newest first, without repeats or gaps', async () => {
    h = await startHarness();
    const a = await h.onlineAgent();
    const made: string[] = [];
    for (let i = 0; i < 5; i++) {
      h.clock.advance(1000);
      const chat = await activeChat(h, a.client, `Visitor ${i}`);
      expectOk(await a.client.call('conversation:end', { conversationId: chat.conversationId }));
      made.push(chat.conversationId);
    }
    const seen: string[] = [];
    let cursor: string | undefined;
    for (;;) {
      const page = expectOk(await a.client.call('conversation:list', { filter: 'all', limit: 2, ...(cursor ? { cursor } : {}) }));
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((c) => c.id));
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    expect(seen).toEqual([...made].reverse());
  });

  it('searches by visitor name or email, case-insensitively, with wildcards taken literally', async () => {
    const { a, z } = await twoAgents();
    const byName = expectOk(await a.client.call('conversation:list', { filter: 'all', query: 'zOE' }));
    expect(ids(byName.items)).toEqual([z.conversationId]);
    const byEmail = expectOk(await a.client.call('conversation:list', { filter: 'all', query: 'VERA@example' }));
    expect(byEmail.items.length).toBe(2);
    const wildcard = expectOk(await a.client.call('conversation:list', { filter: 'all', query: '%' }));
    expect(wildcard.items).toEqual([]);
  });

  it('refuses a forged cursor', async () => {
    const { a } = await twoAgents();
    const ack = await a.client.call('conversation:list', { filter: 'all', cursor: 'not-a-cursor' });
    expect(ack).toEqual({ ok: false, error: 'invalid_payload' });
  });
});

describe('conversation:open (R8, R18)', () => {
  it('opens a past chat of another agent with its whole transcript', async () => {
    const { a, z } = await twoAgents();
    const transcript = expectOk(await a.client.call('conversation:open', { conversationId: z.conversationId }));
    expect(transcript.conversation.status).toBe('ended');
    expect(transcript.messages.map((m) => m.body)).toContain('Hello Zoe');
    expect(transcript.messages.map((m) => m.seq)).toEqual([...transcript.messages.map((m) => m.seq)].sort((p, q) => p - q));
  });

  it('refuses another agent’s active chat and answers not_found for an unknown one', async () => {
    const { a, y } = await twoAgents();
    expect(await a.client.call('conversation:open', { conversationId: y.conversationId })).toEqual({ ok: false, error: 'forbidden' });
    expect(await a.client.call('conversation:open', { conversationId: 'nope' })).toEqual({ ok: false, error: 'not_found' });
  });

  it('keeps another agent’s active chat out of reach of every other command', async () => {
    const { a, y } = await twoAgents();
    const conversationId = y.conversationId;
    const refused = { ok: false, error: 'forbidden' };
    expect(await a.client.call('message:send', { conversationId, clientId: 'sneak', body: 'hi' })).toEqual(refused);
    expect(await a.client.call('conversation:end', { conversationId })).toEqual(refused);
    expect(await a.client.call('typing:set', { conversationId, typing: true })).toEqual(refused);
    const snapshot = expectOk(await a.client.call('sync:pull', { cursors: { [conversationId]: 0 } }));
    expect(snapshot.conversations.map((c) => c.id)).not.toContain(conversationId);
    expect(snapshot.messages.filter((m) => m.conversationId === conversationId)).toEqual([]);
  });
});

describe('visitor:history (R11)', () => {
  async function visitorIdOf(client: AgentClient, conversationId: string): Promise<string> {
    return expectOk(await client.call('conversation:open', { conversationId })).conversation.visitor.id;
  }

  it('lists the visitor’s chats started and ended, newest first, each opening its transcript', async () => {
    const { a, z } = await twoAgents();
    const visitorId = await visitorIdOf(a.client, z.conversationId);
    const history = expectOk(await a.client.call('visitor:history', { visitorId }));
    expect(history.activities.map((x) => x.type)).toEqual(['chat_ended', 'chat_started']);
    expect(history.activities.every((x) => x.conversationId === z.conversationId)).toBe(true);
    expect(history.activities[1]?.title).toBe('Bo');
  });

  it('shows only the last 90 days', async () => {
    h = await startHarness();
    const a = await h.onlineAgent();
    const old = await activeChat(h, a.client, 'Olga Old');
    expectOk(await a.client.call('conversation:end', { conversationId: old.conversationId }));
    const longAgo = h.clock.now() - 91 * DAY;
    await h.app.db.updateTable('conversations').set({ created_at: longAgo, ended_at: longAgo + 1000 }).where('id', '=', old.conversationId).execute();
    const again = expectOk(await old.visitor.call('chat:start', { name: 'Olga Old', email: 'olga@example.test' }));
    const offer = await a.client.waitFor('offer:created', (o) => o.conversationId === again.conversation.id);
    expectOk(await a.client.call('offer:accept', { offerId: offer.id }));
    const visitorId = await visitorIdOf(a.client, old.conversationId);
    const history = expectOk(await a.client.call('visitor:history', { visitorId }));
    expect(history.activities.map((x) => x.conversationId)).toEqual([again.conversation.id]);
  });

  it('shows the visitor’s page visits among their chats, newest first', async () => {
    h = await startHarness();
    const a = await h.onlineAgent();
    const chat = await activeChat(h, a.client);
    h.clock.advance(1000);
    expectOk(await chat.visitor.call('activity:page', { url: 'https://example.test/pricing', title: 'Pricing' }));
    const visitorId = await visitorIdOf(a.client, chat.conversationId);
    const history = expectOk(await a.client.call('visitor:history', { visitorId }));
    expect(history.activities.map((x) => [x.type, x.url])).toEqual([
      ['page_visit', 'https://example.test/pricing'],
      ['chat_started', null],
    ]);
  });

  it('tells an agent who may see none of the visitor’s chats nothing', async () => {
    const { a, b, y } = await twoAgents();
    const visitorId = await visitorIdOf(b.client, y.conversationId);
    expect(await a.client.call('visitor:history', { visitorId })).toEqual({ ok: false, error: 'not_found' });
  });
});

describe('typing:set', () => {
  it('relays typing both ways between the visitor and the assigned agent', async () => {
    h = await startHarness();
    const a = await h.onlineAgent();
    const chat = await activeChat(h, a.client);
    expectOk(await chat.visitor.call('typing:set', { conversationId: chat.conversationId, typing: true }));
    expect(await a.client.waitFor('typing:updated')).toEqual({ conversationId: chat.conversationId, author: 'visitor', typing: true });
    expectOk(await a.client.call('typing:set', { conversationId: chat.conversationId, typing: false }));
    expect(await chat.visitor.waitFor('typing:updated')).toEqual({ conversationId: chat.conversationId, author: 'agent', typing: false });
  });

  it('rate-limits a flood of typing signals per visitor, and a reconnect does not refill the budget', async () => {
    h = await startHarness();
    const a = await h.onlineAgent();
    const chat = await activeChat(h, a.client);
    const acks = [];
    for (let i = 0; i < 15; i++) acks.push(await chat.visitor.call('typing:set', { conversationId: chat.conversationId, typing: i % 2 === 0 }));
    const again = await h.connectVisitor(chat.visitor.token);
    for (let i = 0; i < 10; i++) acks.push(await again.call('typing:set', { conversationId: chat.conversationId, typing: i % 2 === 0 }));
    expect(acks.filter((x) => !x.ok).map((x) => (x.ok ? null : x.error))).toEqual(Array(5).fill('rate_limited'));
    h.clock.advance(10_000);
    expect((await again.call('typing:set', { conversationId: chat.conversationId, typing: false })).ok).toBe(true);
  });
});
