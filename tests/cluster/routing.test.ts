/**
 * Three real processes on one PostgreSQL database and one Redis behave as one service: who is online,
 * every event and every due item are shared, whichever process a client is connected to.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { expectOk } from '../server/helpers.ts';
import { startCluster, statusOf, type Cluster } from './cluster.ts';

let cluster: Cluster | null = null;
afterEach(async () => {
  await cluster?.close();
  cluster = null;
});

describe('three processes, one service', () => {
  it('agent on one process, visitor on another: offered, accepted, live messages both ways, typing, end', async () => {
    cluster = await startCluster(3);
    const [a, b] = cluster.nodes as [NonNullable<Cluster['nodes'][0]>, NonNullable<Cluster['nodes'][0]>];
    const { token } = await cluster.addAgent('Ada');
    const agent = await cluster.connectAgent(a, token);
    const visitor = await cluster.connectVisitor(b);

    const started = expectOk(await visitor.call('chat:start', { name: 'Vera', email: 'vera@example.test' }));
    const conversationId = started.conversation.id;
    const offer = await agent.waitFor('offer:created', (o) => o.conversationId === conversationId);
    expectOk(await agent.call('offer:accept', { offerId: offer.id }));
    expect((await visitor.waitFor('conversation:updated', (c) => c.status === 'active')).agentName).toBe('Ada');

    expectOk(await visitor.call('message:send', { conversationId, clientId: 'v1', body: 'Hello from B' }));
    expect((await agent.waitFor('message:created', (m) => m.clientId === 'v1')).body).toBe('Hello from B');
    expectOk(await agent.call('message:send', { conversationId, clientId: 'a1', body: 'Hello from A' }));
    expect((await visitor.waitFor('message:created', (m) => m.clientId === 'a1')).body).toBe('Hello from A');

    expectOk(await visitor.call('typing:set', { conversationId, typing: true }));
    expect(await agent.waitFor('typing:updated')).toEqual({ conversationId, author: 'visitor', typing: true });
    expectOk(await agent.call('typing:set', { conversationId, typing: true }));
    expect(await visitor.waitFor('typing:updated')).toEqual({ conversationId, author: 'agent', typing: true });

    expectOk(await visitor.call('conversation:end', { conversationId }));
    expect((await agent.waitFor('conversation:ended')).id).toBe(conversationId);
    expect(await statusOf(cluster, conversationId)).toBe('ended');
  });

  it('offers that expire move on to the next agent whichever process sweeps them', async () => {
    cluster = await startCluster(3, { OFFER_TIMEOUT_MS: '1500' });
    const [a, b] = cluster.nodes as Array<NonNullable<Cluster['nodes'][0]>>;
    const silent = await cluster.connectAgent(a!, (await cluster.addAgent('Silent')).token);
    const answering = await cluster.connectAgent(b!, (await cluster.addAgent('Answering')).token);
    // only the silent agent is available while the chats start, so each is offered to them first
    expectOk(await answering.call('availability:set', { available: false }));

    const chats: string[] = [];
    for (let i = 0; i < 6; i++) {
      const visitor = await cluster.connectVisitor(cluster.nodes[i % 3]!);
      chats.push(expectOk(await visitor.call('chat:start', { name: `V${i}`, email: `v${i}@example.test` })).conversation.id);
    }
    for (const id of chats) await silent.waitFor('offer:created', (o) => o.conversationId === id);
    expectOk(await answering.call('availability:set', { available: true }));

    // every process sweeps each second; whichever expires an offer routes it with the shared presence
    for (const id of chats) {
      const offer = await answering.waitFor('offer:created', (o) => o.conversationId === id, 15_000);
      expectOk(await answering.call('offer:accept', { offerId: offer.id }));
    }
    const rows = await cluster.db.db.selectFrom('conversations').select('status').where('id', 'in', chats).execute();
    expect(rows.map((r) => r.status)).toEqual(Array(6).fill('active'));
    const expired = await cluster.db.db.selectFrom('offers').select('id').where('status', '=', 'expired').execute();
    expect(expired).toHaveLength(6);
  });

  it('a slot freed on one process moves the queue at once, without waiting for a sweep tick', async () => {
    // a sweep interval far longer than the test: only the sweep scheduled after the commit can move the queue
    cluster = await startCluster(2, { MAX_CHATS_PER_AGENT: '1', SWEEP_INTERVAL_MS: '60000' });
    const [a, b] = cluster.nodes as Array<NonNullable<Cluster['nodes'][0]>>;
    const agent = await cluster.connectAgent(a!, (await cluster.addAgent('Ada')).token);
    const first = await cluster.connectVisitor(b!);
    const firstId = expectOk(await first.call('chat:start', { name: 'First', email: 'f@example.test' })).conversation.id;
    expectOk(await agent.call('offer:accept', { offerId: (await agent.waitFor('offer:created')).id }));
    const second = await cluster.connectVisitor(b!);
    const secondId = expectOk(await second.call('chat:start', { name: 'Second', email: 's@example.test' })).conversation.id;
    expect((await second.waitFor('queue:updated')).position).toBe(1);

    expectOk(await agent.call('conversation:end', { conversationId: firstId }));
    expect((await agent.waitFor('offer:created', (o) => o.conversationId === secondId, 5_000)).conversationId).toBe(secondId);
    expect(await second.waitFor('queue:updated', (q) => q.position === 0)).toEqual({ conversationId: secondId, position: 0 });
  });
});
