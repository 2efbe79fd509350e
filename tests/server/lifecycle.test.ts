import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { activeChat, expectOk, startChat, startHarness, type Harness } from './helpers.ts';

let h: Harness;
let dir: string | null = null;
afterEach(async () => {
  await h?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = null;
});

describe('idle timeout (R19)', () => {
  it('ends a chat after IDLE_TIMEOUT_MS without a message from either side, with a notice to both', async () => {
    h = await startHarness({ IDLE_TIMEOUT_MS: '600000' });
    const { agent, client } = await h.onlineAgent();
    const { visitor, conversationId } = await activeChat(h, client);

    h.clock.advance(599_999);
    await h.app.sweep();
    expectOk(await visitor.call('message:send', { conversationId, clientId: 'v1', body: 'still there?' }));
    h.clock.advance(599_999);
    await h.app.sweep();
    await client.flush();
    expect(client.received('conversation:ended')).toEqual([]);

    h.clock.advance(1);
    await h.app.sweep();
    expect(await client.waitFor('conversation:ended')).toMatchObject({ id: conversationId, status: 'ended', endedBy: 'system' });
    expect((await visitor.waitFor('conversation:updated', (c) => c.status === 'ended')).id).toBe(conversationId);
    const notice = 'Chat ended after 10 minutes without activity';
    expect((await client.waitFor('message:created', (m) => m.author === 'system' && m.body === notice)).conversationId).toBe(conversationId);
    expect((await visitor.waitFor('message:created', (m) => m.body === notice)).author).toBe('system');
    const row = await h.app.db.selectFrom('users').select('active_chats').where('id', '=', agent.id).executeTakeFirstOrThrow();
    expect(row.active_chats).toBe(0);
  });

  it('an agent message also counts as activity', async () => {
    h = await startHarness({ IDLE_TIMEOUT_MS: '60000' });
    const { client } = await h.onlineAgent();
    const { conversationId } = await activeChat(h, client);
    h.clock.advance(59_000);
    expectOk(await client.call('message:send', { conversationId, clientId: 'a1', body: 'Hello' }));
    h.clock.advance(59_000);
    await h.app.sweep();
    await client.flush();
    expect(client.received('conversation:ended')).toEqual([]);
  });
});

/** The server noticed the drop: the connection is gone from the shared presence and the grace runs. */
async function droppedFromPresence(agentId: string): Promise<void> {
  await vi.waitFor(async () => {
    const row = await h.app.db.selectFrom('users').select('lost_at').where('id', '=', agentId).executeTakeFirstOrThrow();
    expect(row.lost_at).not.toBeNull();
  });
}

describe('presence grace', () => {
  it('ends presence at once when the agent closes the connection on purpose', async () => {
    h = await startHarness({ PRESENCE_GRACE_MS: '30000' });
    const { client } = await h.onlineAgent();
    client.close();
    await vi.waitFor(() => expect(h.app.io.of('/agent').sockets.size).toBe(0));
    const { visitor } = await startChat(h);
    expect((await visitor.waitFor('conversation:updated')).status).toBe('missed');
  });

  it('offers nothing to a dropped agent, holds new chats for them within PRESENCE_GRACE_MS and offers them on reconnect', async () => {
    h = await startHarness({ PRESENCE_GRACE_MS: '30000' });
    const { agent, token, client } = await h.onlineAgent();
    const kept = await activeChat(h, client);
    // the connection drops (as on a network blip) rather than being closed
    client.socket.io.engine.close();
    await droppedFromPresence(agent.id);

    h.clock.advance(29_000);
    const held = await startChat(h, 'In grace');
    // nobody can see an offer now: none is made, and the chat waits instead of being missed
    expect(await h.app.db.selectFrom('offers').select('id').where('conversation_id', '=', held.conversationId).execute()).toEqual([]);
    expect((await held.visitor.waitFor('queue:updated')).position).toBe(1);

    const back = await h.connectAgent(token);
    await h.app.sweep();
    expect((await back.waitFor('offer:created')).conversationId).toBe(held.conversationId);
    // the active chat stayed theirs and is there on reconnect
    const snapshot = expectOk(await back.call('sync:pull', { cursors: {} }));
    expect(snapshot.conversations.map((c) => c.id)).toContain(kept.conversationId);
    expect(snapshot.agent.id).toBe(agent.id);
  });

  it('gives a held chat the fallback once the grace has passed without the agent coming back', async () => {
    h = await startHarness({ PRESENCE_GRACE_MS: '30000' });
    const { agent, client } = await h.onlineAgent();
    client.socket.io.engine.close();
    await droppedFromPresence(agent.id);

    const held = await startChat(h, 'Held');
    await held.visitor.waitFor('queue:updated');
    h.clock.advance(29_999);
    await h.app.sweep();
    await held.visitor.flush();
    expect(held.visitor.received('conversation:updated')).toEqual([]);

    h.clock.advance(1);
    await h.app.sweep();
    expect((await held.visitor.waitFor('conversation:updated')).status).toBe('missed');
    const late = await startChat(h, 'Too late');
    expect((await late.visitor.waitFor('conversation:updated')).status).toBe('missed');
  });
});

describe('restart', () => {
  async function restart(): Promise<void> {
    const t = h.clock.now();
    const schema = h.config.databaseUrl ? h.config.databaseSchema : undefined;
    await h.close();
    h = await startHarness({ MAX_CHATS_PER_AGENT: '1' }, { dataDir: dir!, schema });
    h.clock.t = t;
  }

  it('a server restarted mid-offer expires the stored offer and moves the chat on', async () => {
    dir = await mkdtemp(join(tmpdir(), 'switchboard-restart-'));
    h = await startHarness({ MAX_CHATS_PER_AGENT: '1' }, { dataDir: dir, keepData: true });
    const first = await h.onlineAgent('First');
    const { conversationId } = await startChat(h);
    const offer = await first.client.waitFor('offer:created');

    await restart();
    const again = await h.connectAgent(first.token);
    const second = await h.onlineAgent('Second');
    h.clock.advance(h.config.offerTimeoutMs);
    await h.app.sweep();
    expect(await again.waitFor('offer:ended')).toEqual({ offerId: offer.id, conversationId, reason: 'expired' });
    expect((await second.client.waitFor('offer:created')).conversationId).toBe(conversationId);
  });

  it('a server restarted mid-queue serves the stored queue once an agent has room', async () => {
    dir = await mkdtemp(join(tmpdir(), 'switchboard-restart-'));
    h = await startHarness({ MAX_CHATS_PER_AGENT: '1' }, { dataDir: dir, keepData: true });
    const busy = await h.onlineAgent('Busy');
    await activeChat(h, busy.client);
    const queued = await startChat(h, 'Queued');
    await queued.visitor.waitFor('queue:updated');

    await restart();
    await h.connectAgent(busy.token);
    const fresh = await h.onlineAgent('Fresh');
    await h.app.sweep();
    expect((await fresh.client.waitFor('offer:created')).conversationId).toBe(queued.conversationId);
  });

  it('a server restarted with an idle chat ends it on its first sweep after the timeout', async () => {
    dir = await mkdtemp(join(tmpdir(), 'switchboard-restart-'));
    h = await startHarness({ MAX_CHATS_PER_AGENT: '1' }, { dataDir: dir, keepData: true });
    const agent = await h.onlineAgent();
    const { conversationId } = await activeChat(h, agent.client);

    await restart();
    h.clock.advance(h.config.idleTimeoutMs);
    await h.app.sweep();
    const row = await h.app.db.selectFrom('conversations').select(['status', 'ended_by']).where('id', '=', conversationId).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'ended', ended_by: 'system' });
  });
});
