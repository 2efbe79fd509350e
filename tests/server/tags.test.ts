import { afterEach, describe, expect, it } from 'vitest';
import { createAgent } from '../../server/services/agents.ts';
import { startAgentSession } from '../../server/services/agent-sessions.ts';
import { activeChat, expectOk, PASSWORD, startHarness, type AgentClient, type Harness } from './helpers.ts';

let h: Harness;
afterEach(async () => {
  await h?.close();
});

async function onlineAdmin(): Promise<AgentClient> {
  const { agent } = await createAgent(
    h.app.db,
    h.clock,
    { email: 'boss@example.test', name: 'Boss', role: 'admin', password: PASSWORD, available: false },
    h.config.passwordHashCost,
  );
  const { accessToken } = await startAgentSession(h.app.db, h.clock, agent.id, h.config.accessTokenTtlMs);
  return h.connectAgent(accessToken);
}

describe('tags', () => {
  it('lets an admin create, rename and delete tags; a plain agent gets forbidden', async () => {
    h = await startHarness();
    const admin = await onlineAdmin();
    const { client } = await h.onlineAgent();

    const vip = expectOk(await admin.call('tags:create', { name: 'VIP' }));
    const bug = expectOk(await admin.call('tags:create', { name: ' bug ' }));
    expect(bug.name).toBe('bug');
    expect(await admin.call('tags:create', { name: 'vip' })).toEqual({ ok: false, error: 'conflict' });
    expect(expectOk(await admin.call('tags:rename', { tagId: bug.id, name: 'Bug report' }))).toEqual({ id: bug.id, name: 'Bug report' });
    expect(expectOk(await client.call('tags:list', {}))).toEqual([
      { id: bug.id, name: 'Bug report' },
      { id: vip.id, name: 'VIP' },
    ]);

    expect(await client.call('tags:create', { name: 'Mine' })).toEqual({ ok: false, error: 'forbidden' });
    expect(await client.call('tags:rename', { tagId: vip.id, name: 'Mine' })).toEqual({ ok: false, error: 'forbidden' });
    expect(await client.call('tags:delete', { tagId: vip.id })).toEqual({ ok: false, error: 'forbidden' });

    expect(expectOk(await admin.call('tags:delete', { tagId: vip.id }))).toBeNull();
    expect(await admin.call('tags:delete', { tagId: vip.id })).toEqual({ ok: false, error: 'not_found' });
    expect(expectOk(await client.call('tags:list', {}))).toEqual([{ id: bug.id, name: 'Bug report' }]);
  });

  it('lets the chat’s agent tag and untag it; the tags show in the list, the transcript and the visitor’s history, and the agent is told', async () => {
    h = await startHarness();
    const admin = await onlineAdmin();
    const vip = expectOk(await admin.call('tags:create', { name: 'VIP' }));
    const sales = expectOk(await admin.call('tags:create', { name: 'Sales' }));
    const { client } = await h.onlineAgent('Ada');
    const { conversationId } = await activeChat(h, client);

    expectOk(await client.call('conversation:tag', { conversationId, tagId: vip.id }));
    const update = expectOk(await client.call('conversation:tag', { conversationId, tagId: sales.id }));
    expect(update).toEqual({ conversationId, tags: [{ id: sales.id, name: 'Sales' }, { id: vip.id, name: 'VIP' }] });
    expect(await client.waitFor('conversation:tagged', (u) => u.tags.length === 2)).toEqual(update);
    // tagging again changes nothing
    expect(expectOk(await client.call('conversation:tag', { conversationId, tagId: vip.id })).tags).toHaveLength(2);

    const list = expectOk(await client.call('conversation:list', { filter: 'active' }));
    expect(list.items[0]?.tags).toEqual(update.tags);
    expect(expectOk(await client.call('conversation:open', { conversationId })).conversation.tags).toEqual(update.tags);
    const visitorId = list.items[0]!.visitor.id;
    const history = expectOk(await client.call('visitor:history', { visitorId }));
    expect(history.activities.find((a) => a.type === 'chat_started')?.tags).toEqual(update.tags);

    const untagged = expectOk(await client.call('conversation:untag', { conversationId, tagId: sales.id }));
    expect(untagged.tags).toEqual([{ id: vip.id, name: 'VIP' }]);
    expect(await client.call('conversation:tag', { conversationId, tagId: 'no-such-tag' })).toEqual({ ok: false, error: 'not_found' });
  });

  it('obeys R8: another agent cannot tag an open chat but may tag a past one', async () => {
    h = await startHarness();
    const admin = await onlineAdmin();
    const vip = expectOk(await admin.call('tags:create', { name: 'VIP' }));
    const ada = await h.onlineAgent('Ada');
    const { conversationId } = await activeChat(h, ada.client);
    const bo = await h.onlineAgent('Bo');

    expect(await bo.client.call('conversation:tag', { conversationId, tagId: vip.id })).toEqual({ ok: false, error: 'forbidden' });
    expect(await bo.client.call('conversation:untag', { conversationId, tagId: vip.id })).toEqual({ ok: false, error: 'forbidden' });
    expect(await bo.client.call('conversation:tag', { conversationId: 'nope', tagId: vip.id })).toEqual({ ok: false, error: 'not_found' });
    expectOk(await ada.client.call('conversation:end', { conversationId }));
    expect(expectOk(await bo.client.call('conversation:tag', { conversationId, tagId: vip.id })).tags).toEqual([{ id: vip.id, name: 'VIP' }]);
    // the chat's own agent hears of it too
    expect(await ada.client.waitFor('conversation:tagged')).toEqual({ conversationId, tags: [{ id: vip.id, name: 'VIP' }] });
  });

  it('filters the inbox list by tag', async () => {
    h = await startHarness();
    const admin = await onlineAdmin();
    const vip = expectOk(await admin.call('tags:create', { name: 'VIP' }));
    const { client } = await h.onlineAgent('Ada');
    const first = await activeChat(h, client, 'Tina Tagged');
    h.clock.advance(1000);
    const second = await activeChat(h, client, 'Una Untagged');
    expectOk(await client.call('conversation:tag', { conversationId: first.conversationId, tagId: vip.id }));

    const all = expectOk(await client.call('conversation:list', { filter: 'all' }));
    expect(all.items.map((c) => c.id)).toEqual([second.conversationId, first.conversationId]);
    const tagged = expectOk(await client.call('conversation:list', { filter: 'all', tagId: vip.id }));
    expect(tagged.items.map((c) => c.id)).toEqual([first.conversationId]);
    const active = expectOk(await client.call('conversation:list', { filter: 'active', tagId: vip.id, query: 'tina' }));
    expect(active.items.map((c) => c.id)).toEqual([first.conversationId]);
    expect(expectOk(await client.call('conversation:list', { filter: 'all', tagId: vip.id, query: 'una' })).items).toEqual([]);
  });
});
