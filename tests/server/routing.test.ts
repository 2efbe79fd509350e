import { afterEach, describe, expect, it } from 'vitest';
import { activeChat, countRows, expectOk, startChat, startHarness, type Harness } from './helpers.ts';

let h: Harness;
afterEach(async () => {
  await h?.close();
});

describe('routing', () => {
  it('offers chats round robin: never-offered agents first by id, then the longest-unoffered', async () => {
    h = await startHarness();
    const agents = [await h.onlineAgent(), await h.onlineAgent(), await h.onlineAgent()].sort((a, b) =>
      a.agent.id.localeCompare(b.agent.id),
    );
    const offeredTo: string[] = [];
    for (let i = 0; i < 4; i++) {
      const { conversationId } = await startChat(h, `Visitor ${i}`);
      const winner = await Promise.any(
        agents.map(async (a) => {
          await a.client.waitFor('offer:created', (o) => o.conversationId === conversationId, 2000);
          return a.agent.id;
        }),
      );
      offeredTo.push(winner);
      h.clock.advance(1000);
    }
    expect(offeredTo).toEqual([agents[0]!.agent.id, agents[1]!.agent.id, agents[2]!.agent.id, agents[0]!.agent.id]);
  });

  it('moves an offer to the next agent when it times out (sweep after the deadline)', async () => {
    h = await startHarness({ OFFER_TIMEOUT_MS: '45000' });
    const first = await h.onlineAgent();
    const { conversationId } = await startChat(h);
    const offer = await first.client.waitFor('offer:created');
    expect(offer.expiresAt - offer.createdAt).toBe(45_000);
    const second = await h.onlineAgent();

    h.clock.advance(44_999);
    await h.app.sweep();
    await first.client.flush();
    expect(first.client.received('offer:ended')).toEqual([]);

    h.clock.advance(1);
    await h.app.sweep();
    expect(await first.client.waitFor('offer:ended')).toEqual({ offerId: offer.id, conversationId, reason: 'expired' });
    const next = await second.client.waitFor('offer:created');
    expect(next.conversationId).toBe(conversationId);
    expect(await first.client.call('offer:accept', { offerId: offer.id })).toEqual({ ok: false, error: 'offer_expired' });
  });

  it('answers offer_expired to declining an offer that already timed out, and frees the slot only once', async () => {
    h = await startHarness();
    const { agent, client } = await h.onlineAgent();
    await startChat(h);
    const offer = await client.waitFor('offer:created');
    h.clock.advance(h.config.offerTimeoutMs);
    await h.app.sweep();
    expect(await client.call('offer:decline', { offerId: offer.id })).toEqual({ ok: false, error: 'offer_expired' });
    const row = await h.app.db.selectFrom('users').select('pending_offers').where('id', '=', agent.id).executeTakeFirstOrThrow();
    expect(row.pending_offers).toBe(0);
  });

  it('moves on to the next agent when an agent declines', async () => {
    h = await startHarness();
    const first = await h.onlineAgent();
    const { conversationId } = await startChat(h);
    const offer = await first.client.waitFor('offer:created');
    const second = await h.onlineAgent();
    expect(await first.client.call('offer:decline', { offerId: offer.id })).toEqual({ ok: true, data: null });
    expect(await first.client.waitFor('offer:ended')).toMatchObject({ offerId: offer.id, reason: 'declined' });
    expect((await second.client.waitFor('offer:created')).conversationId).toBe(conversationId);
  });

  it('marks the chat missed with the fallback message when nobody is connected', async () => {
    h = await startHarness({ FALLBACK_MESSAGE: 'Nobody here, sorry.' });
    await h.addAgent(); // exists and is available, but not connected
    const visitor = await h.connectVisitor();
    const snapshot = expectOk(await visitor.call('chat:start', { name: 'Vera', email: 'vera@example.test' }));
    expect(snapshot.conversation.status).toBe('missed');
    expect(snapshot.messages.map((m) => [m.author, m.body])).toEqual([['system', 'Nobody here, sorry.']]);
    expect((await visitor.waitFor('conversation:updated')).status).toBe('missed');
    expect((await visitor.waitFor('message:created')).body).toBe('Nobody here, sorry.');
  });

  it('marks the chat missed once every eligible agent has declined it', async () => {
    h = await startHarness({ FALLBACK_MESSAGE: 'Nobody here, sorry.' });
    const only = await h.onlineAgent();
    const { visitor, conversationId } = await startChat(h);
    const offer = await only.client.waitFor('offer:created');
    expectOk(await only.client.call('offer:decline', { offerId: offer.id }));
    const updated = await visitor.waitFor('conversation:updated', (c) => c.id === conversationId);
    expect(updated.status).toBe('missed');
    expect((await visitor.waitFor('message:created')).body).toBe('Nobody here, sorry.');
    await only.client.flush();
    expect(only.client.received('offer:created')).toHaveLength(1);
  });

  it('offers nothing to an agent who switched availability off', async () => {
    h = await startHarness();
    const away = await h.onlineAgent();
    expectOk(await away.client.call('availability:set', { available: false }));
    const present = await h.onlineAgent();
    const { conversationId } = await startChat(h);
    expect((await present.client.waitFor('offer:created')).conversationId).toBe(conversationId);
    await away.client.flush();
    expect(away.client.received('offer:created')).toEqual([]);
  });

  it('gives a full agent no further offer (MAX_CHATS_PER_AGENT=2): the chat waits in the queue', async () => {
    h = await startHarness({ MAX_CHATS_PER_AGENT: '2' });
    const busy = await h.onlineAgent();
    await activeChat(h, busy.client);
    await activeChat(h, busy.client);
    const { visitor, conversationId } = await startChat(h);
    expect(await visitor.waitFor('queue:updated')).toEqual({ conversationId, position: 1 });
    await busy.client.flush();
    expect(busy.client.received('offer:created')).toHaveLength(2);
  });

  it('counts an open offer against capacity, so a one-chat agent is not offered two at once', async () => {
    h = await startHarness({ MAX_CHATS_PER_AGENT: '1' });
    const first = await h.onlineAgent();
    await startChat(h);
    await first.client.waitFor('offer:created');
    const second = await h.onlineAgent();
    const { conversationId } = await startChat(h);
    expect((await second.client.waitFor('offer:created')).conversationId).toBe(conversationId);
    await first.client.flush();
    expect(first.client.received('offer:created')).toHaveLength(1);
  });

  it('gives an agent holding the default 10 chats no 11th offer', async () => {
    h = await startHarness();
    expect(h.config.maxChatsPerAgent).toBe(10);
    const busy = await h.onlineAgent();
    for (let i = 0; i < 10; i++) await activeChat(h, busy.client, `Visitor ${i}`);
    const other = await h.onlineAgent();
    const { conversationId } = await startChat(h, 'Visitor 11');
    expect((await other.client.waitFor('offer:created')).conversationId).toBe(conversationId);
    await busy.client.flush();
    expect(busy.client.received('offer:created')).toHaveLength(10);
    expect(await countRows(h, 'conversations')).toBe(11);
  });
});
