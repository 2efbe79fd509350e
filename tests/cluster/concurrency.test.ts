/**
 * Routing decisions are atomic in the shared database: a thousand chat requests at once, spread over
 * three processes, with agents on all of them accepting as offers arrive.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { AgentClient } from '../server/helpers.ts';
import { startCluster, until, type Cluster } from './cluster.ts';

let cluster: Cluster | null = null;
afterEach(async () => {
  await cluster?.close();
  cluster = null;
});

const AGENTS = 30;
const VISITORS = 1000;
const CAPACITY = 10;

/** Accepts every offer the moment it arrives, as an eager agent would. */
function acceptEverything(agent: AgentClient): void {
  agent.socket.on('offer:created', (offer: { id: string }) => {
    agent.socket.timeout(60_000).emit('offer:accept', { offerId: offer.id }, () => undefined);
  });
}

describe('1,000 simultaneous chat requests over three processes', () => {
  it('assigns no chat twice, puts no agent over capacity, and offers, queues or answers every request', async () => {
    cluster = await startCluster(3, { MAX_CHATS_PER_AGENT: String(CAPACITY) });
    const c = cluster;
    for (let i = 0; i < AGENTS; i++) {
      const agent = await c.connectAgent(c.nodes[i % 3]!, (await c.addAgent(`Agent ${i}`)).token);
      acceptEverything(agent);
    }
    const visitors = await Promise.all(Array.from({ length: VISITORS }, (_, i) => c.connectVisitor(c.nodes[i % 3]!)));
    const acks = await Promise.all(
      visitors.map((v, i) => v.socket.timeout(90_000).emitWithAck('chat:start', { name: `V${i}`, email: `v${i}@example.test` })),
    );
    expect(acks.filter((a: { ok: boolean }) => !a.ok)).toEqual([]);

    // every slot taken, no offer left open: the rest wait in the queue
    await until(
      async () => {
        const active = await c.db.db.selectFrom('conversations').select('id').where('status', '=', 'active').execute();
        const pending = await c.db.db.selectFrom('offers').select('id').where('status', '=', 'pending').execute();
        return active.length === AGENTS * CAPACITY && pending.length === 0;
      },
      'every slot taken',
      90_000,
    );

    const conversations = await c.db.db.selectFrom('conversations').select(['id', 'status', 'agent_id', 'queued_at']).execute();
    expect(conversations).toHaveLength(VISITORS);
    const byStatus = (s: string) => conversations.filter((r) => r.status === s);
    expect(byStatus('active')).toHaveLength(AGENTS * CAPACITY);
    expect(byStatus('missed')).toEqual([]);
    expect(byStatus('waiting').every((r) => r.queued_at !== null)).toBe(true);
    expect(byStatus('waiting')).toHaveLength(VISITORS - AGENTS * CAPACITY);

    // no chat accepted twice
    const accepted = await c.db.db.selectFrom('offers').select('conversation_id').where('status', '=', 'accepted').execute();
    expect(new Set(accepted.map((o) => o.conversation_id)).size).toBe(accepted.length);
    expect(accepted).toHaveLength(AGENTS * CAPACITY);

    // counters agree with the chats, and nobody is over capacity
    const users = await c.db.db.selectFrom('users').select(['id', 'active_chats', 'pending_offers']).execute();
    for (const u of users) {
      const holds = byStatus('active').filter((r) => r.agent_id === u.id).length;
      expect({ id: u.id, active: u.active_chats, pending: u.pending_offers }).toEqual({ id: u.id, active: holds, pending: 0 });
      expect(holds).toBeLessThanOrEqual(CAPACITY);
    }
  });
});
