import { afterEach, describe, expect, it } from 'vitest';
import { activeChat, expectOk, startChat, startHarness, type Harness } from './helpers.ts';

let h: Harness;
afterEach(async () => {
  await h?.close();
});

describe('conversations', () => {
  it('returns the open conversation instead of creating a second one on a repeated chat:start', async () => {
    h = await startHarness();
    const { client: agent } = await h.onlineAgent();
    const visitor = await h.connectVisitor();
    const first = expectOk(await visitor.call('chat:start', { name: 'Vera', email: 'vera@example.test' }));
    const again = expectOk(await visitor.call('chat:start', { name: 'Vera', email: 'vera@example.test' }));
    expect(again.conversation.id).toBe(first.conversation.id);
    await agent.flush();
    expect(agent.received('offer:created')).toHaveLength(1);
  });

  it('tells the agent when the visitor ends the chat, and frees the agent slot', async () => {
    h = await startHarness({ MAX_CHATS_PER_AGENT: '1' });
    const { agent, client } = await h.onlineAgent();
    const { visitor, conversationId } = await activeChat(h, client);
    const ended = expectOk(await visitor.call('conversation:end', { conversationId }));
    expect(ended).toMatchObject({ id: conversationId, status: 'ended' });
    expect(ended).not.toHaveProperty('visitor');
    expect(await client.waitFor('conversation:ended')).toMatchObject({ id: conversationId, status: 'ended', endedBy: 'visitor' });
    expect(await client.waitFor('message:created', (m) => m.author === 'system' && m.seq === 2)).toMatchObject({
      body: 'Chat ended by the visitor',
    });
    expect((await visitor.waitFor('message:created', (m) => m.seq === 2)).body).toBe('Chat ended by the visitor');
    const row = await h.app.db.selectFrom('users').select('active_chats').where('id', '=', agent.id).executeTakeFirstOrThrow();
    expect(row.active_chats).toBe(0);
    const { conversationId: next } = await startChat(h, 'Next visitor');
    expect((await client.waitFor('offer:created')).conversationId).toBe(next);
  });

  it('tells the visitor when the agent ends the chat', async () => {
    h = await startHarness();
    const { client } = await h.onlineAgent('Ada');
    const { visitor, conversationId } = await activeChat(h, client);
    const ended = expectOk(await client.call('conversation:end', { conversationId }));
    expect(ended).toMatchObject({ status: 'ended', endedBy: 'agent' });
    expect(await visitor.waitFor('conversation:updated', (c) => c.status === 'ended')).toMatchObject({ id: conversationId });
    expect((await visitor.waitFor('message:created', (m) => m.seq === 2)).body).toBe('Chat ended by Ada');
  });

  it('answers conversation_ended to ending or writing in an ended chat', async () => {
    h = await startHarness();
    const { client } = await h.onlineAgent();
    const { visitor, conversationId } = await activeChat(h, client);
    expectOk(await client.call('conversation:end', { conversationId }));
    expect(await client.call('conversation:end', { conversationId })).toEqual({ ok: false, error: 'conversation_ended' });
    expect(await visitor.call('conversation:end', { conversationId })).toEqual({ ok: false, error: 'conversation_ended' });
    expect(await client.call('message:send', { conversationId, clientId: 'late', body: 'x' })).toEqual({
      ok: false,
      error: 'conversation_ended',
    });
    expect(await visitor.call('message:send', { conversationId, clientId: 'late', body: 'x' })).toEqual({
      ok: false,
      error: 'conversation_ended',
    });
  });

  it('withdraws the open offer when the visitor ends a waiting chat', async () => {
    h = await startHarness();
    const { agent, client } = await h.onlineAgent();
    const { visitor, conversationId } = await startChat(h);
    const offer = await client.waitFor('offer:created');
    expectOk(await visitor.call('conversation:end', { conversationId }));
    expect(await client.waitFor('offer:ended')).toEqual({ offerId: offer.id, conversationId, reason: 'withdrawn' });
    expect(await client.call('offer:accept', { offerId: offer.id })).toEqual({ ok: false, error: 'offer_expired' });
    const row = await h.app.db.selectFrom('users').select('pending_offers').where('id', '=', agent.id).executeTakeFirstOrThrow();
    expect(row.pending_offers).toBe(0);
  });

  it('keeps active chats working after the agent switches availability off (SPEC R3)', async () => {
    h = await startHarness();
    const { client } = await h.onlineAgent();
    const { visitor, conversationId } = await activeChat(h, client);
    const agent = expectOk(await client.call('availability:set', { available: false }));
    expect(agent.available).toBe(false);
    expect((await client.waitFor('agent:updated')).available).toBe(false);

    expectOk(await visitor.call('message:send', { conversationId, clientId: 'v', body: 'still there?' }));
    expect((await client.waitFor('message:created', (m) => m.clientId === 'v')).body).toBe('still there?');
    expectOk(await client.call('message:send', { conversationId, clientId: 'a', body: 'yes' }));
    expect((await visitor.waitFor('message:created', (m) => m.clientId === 'a')).body).toBe('yes');
    const snapshot = expectOk(await client.call('sync:pull', { cursors: {} }));
    expect(snapshot.conversations.map((c) => [c.id, c.status])).toEqual([[conversationId, 'active']]);
  });

  it('lets a visitor start a new chat after the previous one ended', async () => {
    h = await startHarness();
    const { client } = await h.onlineAgent();
    const { visitor, conversationId } = await activeChat(h, client);
    expectOk(await visitor.call('conversation:end', { conversationId }));
    const next = expectOk(await visitor.call('chat:start', { name: 'Vera', email: 'vera@example.test' }));
    expect(next.conversation.id).not.toBe(conversationId);
    expect(next.conversation.status).toBe('waiting');
  });
});
