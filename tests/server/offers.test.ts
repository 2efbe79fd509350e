import { afterEach, describe, expect, it } from 'vitest';
import { expectOk, startChat, startHarness, type Harness } from './helpers.ts';

let h: Harness;
afterEach(async () => {
  await h?.close();
});

async function activeChatsOf(agentId: string): Promise<number> {
  const row = await h.app.db.selectFrom('users').select('active_chats').where('id', '=', agentId).executeTakeFirstOrThrow();
  return row.active_chats;
}

describe('offers', () => {
  it('accepting assigns the chat: the agent is told, the visitor sees the agent join', async () => {
    h = await startHarness();
    const { agent, client } = await h.onlineAgent('Ada');
    const { visitor, conversationId } = await startChat(h);
    const offer = await client.waitFor('offer:created');
    expect(offer.conversation.visitor.name).toBe('Vera Visitor');

    const conversation = expectOk(await client.call('offer:accept', { offerId: offer.id }));
    expect(conversation).toMatchObject({ id: conversationId, status: 'active', agentId: agent.id, agentName: 'Ada' });
    expect(await client.waitFor('conversation:assigned')).toMatchObject({ id: conversationId, status: 'active' });
    expect(await client.waitFor('offer:ended')).toEqual({ offerId: offer.id, conversationId, reason: 'accepted' });
    expect(await visitor.waitFor('conversation:updated')).toMatchObject({ status: 'active', agentName: 'Ada' });
    expect(await visitor.waitFor('message:created')).toMatchObject({ author: 'system', body: 'Ada joined the chat', seq: 1 });
    expect(await activeChatsOf(agent.id)).toBe(1);
  });

  it('assigns an offer once when it is accepted twice at the same moment', async () => {
    h = await startHarness();
    const { agent, token, client } = await h.onlineAgent();
    const secondTab = await h.connectAgent(token);
    const { conversationId } = await startChat(h);
    const offer = await client.waitFor('offer:created');

    const acks = await Promise.all([
      client.call('offer:accept', { offerId: offer.id }),
      secondTab.call('offer:accept', { offerId: offer.id }),
    ]);
    expect(acks.filter((a) => a.ok)).toHaveLength(1);
    expect(acks.filter((a) => !a.ok)).toEqual([{ ok: false, error: 'offer_expired' }]);
    expect(await activeChatsOf(agent.id)).toBe(1);
    const joined = await h.app.db
      .selectFrom('messages')
      .select('body')
      .where('conversation_id', '=', conversationId)
      .execute();
    expect(joined).toHaveLength(1);
  });

  it('refuses an accept after the deadline even before the sweep ran', async () => {
    h = await startHarness({ OFFER_TIMEOUT_MS: '45000' });
    const { agent, client } = await h.onlineAgent();
    await startChat(h);
    const offer = await client.waitFor('offer:created');
    h.clock.advance(45_000);
    expect(await client.call('offer:accept', { offerId: offer.id })).toEqual({ ok: false, error: 'offer_expired' });
    expect(await activeChatsOf(agent.id)).toBe(0);
  });

  it("answers not_found to an agent accepting or declining someone else's offer", async () => {
    h = await startHarness();
    const owner = await h.onlineAgent();
    await startChat(h);
    const offer = await owner.client.waitFor('offer:created');
    const intruder = await h.onlineAgent();
    expect(await intruder.client.call('offer:accept', { offerId: offer.id })).toEqual({ ok: false, error: 'not_found' });
    expect(await intruder.client.call('offer:decline', { offerId: offer.id })).toEqual({ ok: false, error: 'not_found' });
    expect(await intruder.client.call('offer:accept', { offerId: 'no-such-offer' })).toEqual({ ok: false, error: 'not_found' });
    expectOk(await owner.client.call('offer:accept', { offerId: offer.id }));
  });

  it('lists the open offer and active chats in the agent snapshot', async () => {
    h = await startHarness();
    const { client } = await h.onlineAgent();
    const first = await startChat(h, 'First');
    const offer1 = await client.waitFor('offer:created');
    expectOk(await client.call('offer:accept', { offerId: offer1.id }));
    await startChat(h, 'Second');
    const offer2 = await client.waitFor('offer:created');

    const snapshot = expectOk(await client.call('sync:pull', { cursors: {} }));
    expect(snapshot.offers.map((o) => o.id)).toEqual([offer2.id]);
    expect(snapshot.conversations.map((c) => c.id)).toEqual([first.conversationId]);
    expect(snapshot.messages.map((m) => m.body)).toEqual(['Agent 1 joined the chat']);
    expect(snapshot.serverTime).toBe(h.clock.now());
  });
});
