/**
 * Processes die and restart; nobody who was connected to them loses anything: clients reconnect to
 * another process, the shared database still holds every offer, chat and acked message, and chats
 * wait for agents who are coming back instead of being given up.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { expectOk, type AgentClient, type VisitorClient } from '../server/helpers.ts';
import { startCluster, until, type Cluster, type ServerProcess } from './cluster.ts';

let cluster: Cluster | null = null;
afterEach(async () => {
  await cluster?.close();
  cluster = null;
});

async function statuses(c: Cluster, ids: readonly string[]): Promise<Map<string, string>> {
  const rows = await c.db.db.selectFrom('conversations').select(['id', 'status']).where('id', 'in', [...ids]).execute();
  return new Map(rows.map((r) => [r.id, r.status]));
}

async function startChats(c: Cluster, node: ServerProcess, count: number, tag: string) {
  const chats: Array<{ visitor: VisitorClient; conversationId: string }> = [];
  for (let i = 0; i < count; i++) {
    const visitor = await c.connectVisitor(node);
    const ack = expectOk(await visitor.call('chat:start', { name: `${tag}${i}`, email: `${tag}${i}@example.test` }));
    chats.push({ visitor, conversationId: ack.conversation.id });
  }
  return chats;
}

/** The agent's open offers, read as a reconnecting extension does: from sync. */
async function acceptEveryOpenOffer(agent: AgentClient): Promise<string[]> {
  const snapshot = expectOk(await agent.call('sync:pull', { cursors: {} }));
  for (const offer of snapshot.offers) expectOk(await agent.call('offer:accept', { offerId: offer.id }));
  return snapshot.offers.map((o) => o.conversationId);
}

describe('a process is killed', () => {
  it('kill -9 while offers are pending: its agents and visitors reconnect elsewhere, nothing is missed, every acked message is there', async () => {
    cluster = await startCluster(3);
    const [doomed, second, third] = cluster.nodes as [ServerProcess, ServerProcess, ServerProcess];
    const ada = await cluster.addAgent('Ada');
    const bob = await cluster.addAgent('Bob');
    const adaOnDoomed = await cluster.connectAgent(doomed, ada.token);
    await cluster.connectAgent(second, bob.token);

    // two chats on the doomed process accepted and talking, four more offered and pending
    const chats = await startChats(cluster, doomed, 6, 'doomed');
    const accepted: string[] = [];
    for (const chat of chats.slice(0, 2)) {
      const offer = await until(async () => {
        const rows = await cluster!.db.db.selectFrom('offers').selectAll().where('conversation_id', '=', chat.conversationId).execute();
        return rows[0];
      }, 'an offer');
      if (offer.agent_id === ada.agent.id) {
        expectOk(await adaOnDoomed.call('offer:accept', { offerId: offer.id }));
        accepted.push(chat.conversationId);
      }
    }
    const acked: Array<{ conversationId: string; clientId: string }> = [];
    for (const chat of chats) {
      for (let i = 0; i < 5; i++) {
        const clientId = `${chat.conversationId}_${i}`;
        expectOk(await chat.visitor.call('message:send', { conversationId: chat.conversationId, clientId, body: `before ${i}` }));
        acked.push({ conversationId: chat.conversationId, clientId });
      }
    }

    await doomed.kill();

    // the extension and the widget reconnect (to the load balancer: here, other processes) and catch up
    const adaBack = await cluster.connectAgent(second, ada.token);
    const visitorsBack = await Promise.all(chats.map((chat) => cluster!.connectVisitor(third, chat.visitor.token)));
    const adaTook = await acceptEveryOpenOffer(adaBack);
    for (const [i, chat] of chats.entries()) {
      const snapshot = expectOk(await visitorsBack[i]!.call('sync:pull', { conversationId: chat.conversationId, afterSeq: 0 }));
      const mine = acked.filter((m) => m.conversationId === chat.conversationId).map((m) => m.clientId);
      expect(snapshot.messages.filter((m) => m.author === 'visitor').map((m) => m.clientId)).toEqual(mine);
    }

    // live again across the surviving processes, for the chats that are Ada's
    const adaChats = [...accepted, ...adaTook];
    expect(adaChats.length).toBeGreaterThan(0);
    const first = adaChats[0]!;
    const back = visitorsBack[chats.findIndex((c) => c.conversationId === first)]!;
    expectOk(await back.call('message:send', { conversationId: first, clientId: 'after', body: 'still here' }));
    expect((await adaBack.waitFor('message:created', (m) => m.clientId === 'after')).conversationId).toBe(first);

    const all = await statuses(cluster, chats.map((c) => c.conversationId));
    expect([...all.values()].filter((s) => s === 'missed')).toEqual([]);
    const stored = await cluster.db.db.selectFrom('messages').select('client_id').where('author', '=', 'visitor').execute();
    expect(stored.map((m) => m.client_id).sort()).toEqual([...acked.map((m) => m.clientId), 'after'].sort());
  });

  it('all processes restart while chats wait: the first sweeps hold them, agents reconnecting inside the grace get them', async () => {
    // long enough for an agent on a busy machine to accept after the restart, short enough to pass while all are down
    cluster = await startCluster(3, { OFFER_TIMEOUT_MS: '5000', PRESENCE_GRACE_MS: '60000', MAX_CHATS_PER_AGENT: '2' });
    const ada = await cluster.addAgent('Ada');
    const bob = await cluster.addAgent('Bob');
    const [one, two, three] = cluster.nodes as [ServerProcess, ServerProcess, ServerProcess];
    await cluster.connectAgent(one, ada.token);
    await cluster.connectAgent(two, bob.token);
    const chats = await startChats(cluster, three, 6, 'waiting');
    // four offered (two each fills both agents), two queued
    await until(async () => (await cluster!.db.db.selectFrom('offers').select('id').execute()).length === 4, 'four offers');

    const before = new Set(cluster.nodes.map((n) => n));
    await Promise.all(cluster.nodes.map((n) => n.kill()));
    // the offers' deadlines pass while everything is down
    await new Promise((r) => setTimeout(r, 5500));
    for (let i = 0; i < 3; i++) await cluster.startNode();
    const fresh = cluster.nodes.filter((n) => !before.has(n));

    // the dead processes are found dead (heartbeat older than the node TTL) and reaped by the new ones
    await until(async () => {
      const nodes = await cluster!.db.db.selectFrom('server_nodes').select('id').execute();
      return nodes.length === 3 && (await cluster!.db.db.selectFrom('agent_connections').select('socket_id').execute()).length === 0;
    }, 'the old processes reaped', 30_000);
    // sweeps run on every new process with nobody connected: the chats must wait, not be missed
    await new Promise((r) => setTimeout(r, 3000));
    const held = await statuses(cluster, chats.map((c) => c.conversationId));
    expect([...held.values()]).toEqual(Array(6).fill('waiting'));

    const adaBack = await cluster.connectAgent(fresh[0]!, ada.token);
    const bobBack = await cluster.connectAgent(fresh[1]!, bob.token);
    const taken = new Set<string>();
    await until(async () => {
      for (const id of [...(await acceptEveryOpenOffer(adaBack)), ...(await acceptEveryOpenOffer(bobBack))]) taken.add(id);
      return taken.size === 4;
    }, 'both agents offered two chats each', 20_000);
    const after = await statuses(cluster, chats.map((c) => c.conversationId));
    expect([...after.values()].filter((s) => s === 'missed')).toEqual([]);
    expect([...after.values()].filter((s) => s === 'active')).toHaveLength(4);
  });
});
