import { afterEach, describe, expect, it } from 'vitest';
import { activeChat, countRows, expectOk, startChat, startHarness, type Harness } from './helpers.ts';

let h: Harness;
afterEach(async () => {
  await h?.close();
});

describe('messages', () => {
  it('delivers messages both ways with increasing sequence numbers', async () => {
    h = await startHarness();
    const { client: agent } = await h.onlineAgent('Ada');
    const { visitor, conversationId } = await activeChat(h, agent);

    const fromVisitor = expectOk(await visitor.call('message:send', { conversationId, clientId: 'v-1', body: 'Hello?' }));
    expect(fromVisitor).toMatchObject({ seq: 2, author: 'visitor', authorName: 'Vera Visitor', body: 'Hello?' });
    expect(await agent.waitFor('message:created', (m) => m.clientId === 'v-1')).toEqual(fromVisitor);

    const fromAgent = expectOk(await agent.call('message:send', { conversationId, clientId: 'a-1', body: 'Hi, Ada here.' }));
    expect(fromAgent).toMatchObject({ seq: 3, author: 'agent', authorName: 'Ada' });
    expect(await visitor.waitFor('message:created', (m) => m.clientId === 'a-1')).toEqual(fromAgent);
  });

  it('stores a message sent twice with one client id once, and emits it once', async () => {
    h = await startHarness();
    const { client: agent } = await h.onlineAgent();
    const { visitor, conversationId } = await activeChat(h, agent);
    const before = await countRows(h, 'messages');

    const first = expectOk(await visitor.call('message:send', { conversationId, clientId: 'same', body: 'once' }));
    const again = expectOk(await visitor.call('message:send', { conversationId, clientId: 'same', body: 'once' }));
    expect(again).toEqual(first);
    expect(await countRows(h, 'messages')).toBe(before + 1);
    await agent.flush();
    await visitor.flush();
    expect(agent.received('message:created').filter((m) => m.clientId === 'same')).toHaveLength(1);
    expect(visitor.received('message:created').filter((m) => m.clientId === 'same')).toHaveLength(1);
  });

  it("stores an agent's messages sent back to back, without waiting for acks, in the order sent", async () => {
    h = await startHarness();
    const { client: agent } = await h.onlineAgent('Ada');
    const { conversationId } = await activeChat(h, agent);
    const acks = await Promise.all(Array.from({ length: 30 }, (_, i) => agent.call('message:send', { conversationId, clientId: `a-${i}`, body: `${i}` })));
    const seqs = acks.map((a) => expectOk(a).seq);
    expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
    const stored = await h.app.db.selectFrom('messages').select('body').where('conversation_id', '=', conversationId).where('author', '=', 'agent').orderBy('seq').execute();
    expect(stored.map((m) => m.body)).toEqual(Array.from({ length: 30 }, (_, i) => `${i}`));
  });

  it('answers conflict when the other side already used the client id, and keeps both texts apart', async () => {
    h = await startHarness();
    const { client: agent } = await h.onlineAgent('Ada');
    const { visitor, conversationId } = await activeChat(h, agent);
    const fromVisitor = expectOk(await visitor.call('message:send', { conversationId, clientId: 'same', body: 'visitor text' }));
    expect(await agent.call('message:send', { conversationId, clientId: 'same', body: 'agent text' })).toEqual({ ok: false, error: 'conflict' });
    expect(await visitor.call('message:send', { conversationId, clientId: 'same', body: 'visitor text' })).toEqual({ ok: true, data: fromVisitor });
    const fromAgent = expectOk(await agent.call('message:send', { conversationId, clientId: 'other', body: 'agent text' }));
    expect(fromAgent).toMatchObject({ author: 'agent', body: 'agent text' });
  });

  it('stores one message when the same client id arrives on two connections at once', async () => {
    h = await startHarness();
    const { client: agent, token } = await h.onlineAgent();
    const secondTab = await h.connectAgent(token);
    const { conversationId } = await activeChat(h, agent);
    const acks = await Promise.all([
      agent.call('message:send', { conversationId, clientId: 'race', body: 'one' }),
      secondTab.call('message:send', { conversationId, clientId: 'race', body: 'one' }),
    ]);
    const [a, b] = acks.map(expectOk);
    expect(a).toEqual(b);
    const stored = await h.app.db.selectFrom('messages').select('id').where('client_id', '=', 'race').execute();
    expect(stored).toHaveLength(1);
  });

  it('catches an agent up after a reconnect with exactly the missed messages, in order', async () => {
    h = await startHarness();
    const { client: agent, token } = await h.onlineAgent();
    const { visitor, conversationId } = await activeChat(h, agent);
    expectOk(await visitor.call('message:send', { conversationId, clientId: 'seen', body: 'seen before' }));
    const seen = await agent.waitFor('message:created', (m) => m.clientId === 'seen');
    agent.close();

    for (let i = 1; i <= 3; i++) {
      expectOk(await visitor.call('message:send', { conversationId, clientId: `missed-${i}`, body: `missed ${i}` }));
    }
    const back = await h.connectAgent(token);
    const snapshot = expectOk(await back.call('sync:pull', { cursors: { [conversationId]: seen.seq } }));
    expect(snapshot.messages.map((m) => [m.seq, m.body])).toEqual([
      [seen.seq + 1, 'missed 1'],
      [seen.seq + 2, 'missed 2'],
      [seen.seq + 3, 'missed 3'],
    ]);
    expect(snapshot.conversations.map((c) => [c.id, c.lastSeq])).toEqual([[conversationId, seen.seq + 3]]);
  });

  it('catches a visitor up after a reconnect with the messages after their cursor', async () => {
    h = await startHarness();
    const { client: agent } = await h.onlineAgent();
    const { visitor, conversationId } = await activeChat(h, agent);
    visitor.close();
    expectOk(await agent.call('message:send', { conversationId, clientId: 'a-1', body: 'are you there?' }));
    expectOk(await agent.call('message:send', { conversationId, clientId: 'a-2', body: 'hello?' }));

    const back = await h.connectVisitor(visitor.token);
    const snapshot = expectOk(await back.call('sync:pull', { conversationId, afterSeq: 1 }));
    expect(snapshot.messages.map((m) => m.body)).toEqual(['are you there?', 'hello?']);
    expect(snapshot.conversation).toMatchObject({ id: conversationId, status: 'active', lastSeq: 3 });
  });

  it('lets a visitor write while waiting, and the accepting agent reads it in sync', async () => {
    h = await startHarness();
    const { client: agent } = await h.onlineAgent();
    const { visitor, conversationId } = await startChat(h);
    expectOk(await visitor.call('message:send', { conversationId, clientId: 'early', body: 'anyone?' }));
    const offer = await agent.waitFor('offer:created');
    expectOk(await agent.call('offer:accept', { offerId: offer.id }));
    const snapshot = expectOk(await agent.call('sync:pull', { cursors: {} }));
    expect(snapshot.messages.map((m) => m.body)).toEqual(['anyone?', 'Agent 1 joined the chat']);
  });
});
