import { afterEach, describe, expect, it } from 'vitest';
import { activeChat, expectOk, startHarness, type Harness } from './helpers.ts';

let h: Harness;
afterEach(async () => {
  await h?.close();
});

describe('unread and seen', () => {
  it('counts the visitor’s unread messages, and tells the visitor and the agent’s other sockets how far the agent read', async () => {
    h = await startHarness();
    const { token, client } = await h.onlineAgent('Ada');
    const otherTab = await h.connectAgent(token);
    const { visitor, conversationId } = await activeChat(h, client);
    const sent = [];
    for (const body of ['one', 'two', 'three']) sent.push(expectOk(await visitor.call('message:send', { conversationId, clientId: body, body })));
    // the agent's own messages and notes are never unread
    expectOk(await client.call('message:send', { conversationId, clientId: 'a1', body: 'Hi' }));
    expectOk(await client.call('note:add', { conversationId, clientId: 'n1', body: 'note' }));

    const listed = expectOk(await client.call('conversation:list', { filter: 'active' })).items[0]!;
    expect(listed).toMatchObject({ unread: 3, agentReadSeq: 0 });

    const read = expectOk(await client.call('conversation:read', { conversationId, seq: sent[1]!.seq }));
    expect(read).toEqual({ conversationId, readSeq: sent[1]!.seq, unread: 1 });
    expect(await otherTab.waitFor('unread:updated')).toEqual(read);
    expect(await visitor.waitFor('conversation:seen')).toEqual({ conversationId, seq: sent[1]!.seq });

    // going back changes nothing and tells nobody; a seq past the end counts as the last message
    expect(expectOk(await client.call('conversation:read', { conversationId, seq: 1 }))).toEqual(read);
    const lastSeq = expectOk(await client.call('conversation:open', { conversationId })).conversation.lastSeq;
    expect(expectOk(await client.call('conversation:read', { conversationId, seq: 10_000 }))).toEqual({ conversationId, readSeq: lastSeq, unread: 0 });
    await visitor.flush();
    expect(visitor.received('conversation:seen').map((s) => s.seq)).toEqual([sent[1]!.seq, lastSeq]);

    // a reloaded widget learns it from its catch-up
    const synced = expectOk(await visitor.call('sync:pull', { conversationId, afterSeq: 0 }));
    expect(synced.conversation.seenSeq).toBe(lastSeq);
  });

  it('lets only the chat’s own agent mark it read', async () => {
    h = await startHarness();
    const ada = await h.onlineAgent('Ada');
    const { conversationId } = await activeChat(h, ada.client);
    const bo = await h.onlineAgent('Bo');
    expect(await bo.client.call('conversation:read', { conversationId, seq: 1 })).toEqual({ ok: false, error: 'forbidden' });
    expect(await bo.client.call('conversation:read', { conversationId: 'nope', seq: 1 })).toEqual({ ok: false, error: 'not_found' });
  });
});
