import { afterEach, describe, expect, it } from 'vitest';
import { activeChat, expectOk, startChat, startHarness, type Harness } from './helpers.ts';

let h: Harness;
afterEach(async () => {
  await h?.close();
});

async function statusOf(conversationId: string): Promise<string> {
  const row = await h.app.db.selectFrom('conversations').select('status').where('id', '=', conversationId).executeTakeFirstOrThrow();
  return row.status;
}

describe('the queue', () => {
  it('queues chats in order when every available agent is full, and serves them in order as capacity frees', async () => {
    h = await startHarness({ MAX_CHATS_PER_AGENT: '1' });
    const { client } = await h.onlineAgent();
    const first = await activeChat(h, client, 'First');
    const second = await startChat(h, 'Second');
    h.clock.advance(10);
    const third = await startChat(h, 'Third');
    expect(await second.visitor.waitFor('queue:updated')).toEqual({ conversationId: second.conversationId, position: 1 });
    expect(await third.visitor.waitFor('queue:updated')).toEqual({ conversationId: third.conversationId, position: 2 });

    expectOk(await client.call('conversation:end', { conversationId: first.conversationId }));
    await h.app.sweep();
    const offer = await client.waitFor('offer:created', (o) => o.conversationId !== first.conversationId);
    expect(offer.conversationId).toBe(second.conversationId);
    expect(await second.visitor.waitFor('queue:updated')).toEqual({ conversationId: second.conversationId, position: 0 });
    expect(await third.visitor.waitFor('queue:updated')).toEqual({ conversationId: third.conversationId, position: 1 });

    // the open offer holds the only slot: the third chat keeps waiting
    await h.app.sweep();
    await client.flush();
    expect(client.received('offer:created').map((o) => o.conversationId)).toEqual([first.conversationId, second.conversationId]);
    expect(await statusOf(third.conversationId)).toBe('waiting');
  });

  it('gives up on a queued chat after the maximum queue wait, with the fallback message', async () => {
    h = await startHarness({ MAX_CHATS_PER_AGENT: '1', QUEUE_MAX_WAIT_MS: '60000', FALLBACK_MESSAGE: 'Try later.' });
    const { client } = await h.onlineAgent();
    await activeChat(h, client);
    const queued = await startChat(h, 'Queued');
    await queued.visitor.waitFor('queue:updated');
    h.clock.advance(59_999);
    await h.app.sweep();
    expect(await statusOf(queued.conversationId)).toBe('waiting');
    h.clock.advance(1);
    await h.app.sweep();
    expect((await queued.visitor.waitFor('conversation:updated')).status).toBe('missed');
    expect((await queued.visitor.waitFor('message:created')).body).toBe('Try later.');
  });

  it('does not queue when nobody is available at all: the visitor gets the fallback at once', async () => {
    h = await startHarness();
    const away = await h.onlineAgent();
    expectOk(await away.client.call('availability:set', { available: false }));
    const { visitor } = await startChat(h);
    expect((await visitor.waitFor('conversation:updated')).status).toBe('missed');
    expect(visitor.received('queue:updated')).toEqual([]);
  });

  it('100 simultaneous chat requests against 3 agents with capacity 10: exactly 30 offered and assigned, 70 queued, none twice', async () => {
    h = await startHarness();
    const agents = [await h.onlineAgent(), await h.onlineAgent(), await h.onlineAgent()];
    const visitors = await Promise.all(Array.from({ length: 100 }, () => h.connectVisitor()));
    const acks = await Promise.all(visitors.map((v, i) => v.call('chat:start', { name: `V${i}`, email: `v${i}@example.test` })));
    expect(acks.every((a) => a.ok)).toBe(true);

    const offers = await h.app.db.selectFrom('offers').select(['id', 'agent_id', 'conversation_id']).execute();
    expect(offers).toHaveLength(30);
    expect(new Set(offers.map((o) => o.conversation_id)).size).toBe(30);
    for (const a of agents) expect(offers.filter((o) => o.agent_id === a.agent.id)).toHaveLength(10);

    const byAgent = new Map(agents.map((a) => [a.agent.id, a.client]));
    const accepted = await Promise.all(offers.map((o) => byAgent.get(o.agent_id)!.call('offer:accept', { offerId: o.id })));
    expect(accepted.every((a) => a.ok)).toBe(true);

    const rows = await h.app.db.selectFrom('conversations').select(['status', 'queued_at', 'agent_id']).execute();
    expect(rows.filter((r) => r.status === 'active')).toHaveLength(30);
    expect(rows.filter((r) => r.status === 'waiting' && r.queued_at !== null)).toHaveLength(70);
    const users = await h.app.db.selectFrom('users').select(['active_chats', 'pending_offers']).execute();
    expect(users.map((u) => [u.active_chats, u.pending_offers])).toEqual([
      [10, 0],
      [10, 0],
      [10, 0],
    ]);
    // places given out in the same millisecond are settled by the next sweep, which offers nothing more
    await h.app.sweep();
    expect(await h.app.db.selectFrom('offers').select('id').execute()).toHaveLength(30);
    const positions = (
      await h.app.db.selectFrom('conversations').select('queue_position').where('status', '=', 'waiting').execute()
    ).map((r) => r.queue_position);
    expect(positions.sort((x, y) => x! - y!)).toEqual(Array.from({ length: 70 }, (_, i) => i + 1));
  });
});
