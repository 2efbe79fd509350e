import { afterEach, describe, expect, it } from 'vitest';
import { activeChat, expectOk, startHarness, type Harness } from './helpers.ts';

let h: Harness;
afterEach(async () => {
  await h?.close();
});

const NOTE = 'Secret note: offer them the 20 percent discount';

describe('internal notes', () => {
  it('stores a note in the chat seq order, marked as a note, tells the agent, and stores a repeated client id once', async () => {
    h = await startHarness();
    const { client } = await h.onlineAgent('Ada');
    const { visitor, conversationId } = await activeChat(h, client);
    expectOk(await visitor.call('message:send', { conversationId, clientId: 'v1', body: 'Hello' }));

    const note = expectOk(await client.call('note:add', { conversationId, clientId: 'n1', body: NOTE }));
    expect(note).toMatchObject({ conversationId, seq: 3, author: 'agent', authorName: 'Ada', body: NOTE, note: true });
    expect(await client.waitFor('message:created', (m) => m.id === note.id)).toEqual(note);
    const reply = expectOk(await client.call('message:send', { conversationId, clientId: 'a1', body: 'Hi!' }));
    expect(reply.seq).toBe(4);
    expect(reply.note).toBeUndefined();

    expect(expectOk(await client.call('note:add', { conversationId, clientId: 'n1', body: NOTE }))).toEqual(note);
    const stored = await h.app.db.selectFrom('messages').select(['client_id', 'note']).where('conversation_id', '=', conversationId).execute();
    expect(stored.filter((m) => m.client_id === 'n1')).toEqual([{ client_id: 'n1', note: 1 }]);
  });

  it('never sends a note to the visitor: no event, no sync answer, no ack on the visitor socket holds its text', async () => {
    h = await startHarness();
    const { client } = await h.onlineAgent('Ada');
    const { visitor, conversationId } = await activeChat(h, client);
    const acks: unknown[] = [];
    acks.push(expectOk(await visitor.call('message:send', { conversationId, clientId: 'v1', body: 'Hello' })));
    expectOk(await client.call('note:add', { conversationId, clientId: 'n1', body: NOTE }));
    expectOk(await client.call('message:send', { conversationId, clientId: 'a1', body: 'Hi there' }));
    await visitor.waitFor('message:created', (m) => m.clientId === 'a1');
    expectOk(await client.call('conversation:end', { conversationId }));
    await visitor.waitFor('conversation:updated', (c) => c.status === 'ended');
    // the visitor catches up from the start, as after a reload, and rates the chat
    acks.push(expectOk(await visitor.call('sync:pull', { conversationId, afterSeq: 0 })));
    acks.push(expectOk(await visitor.call('chat:rate', { conversationId, score: 5 })));
    // the visitor guessing the note's client id learns nothing either
    acks.push(await visitor.call('message:send', { conversationId, clientId: 'n1', body: 'guess' }));
    await visitor.flush();

    const wire = JSON.stringify([visitor.log, acks]);
    expect(wire).toContain('Hi there');
    expect(wire).not.toContain('Secret note');
    expect(wire).not.toContain('"note"');
    const synced = acks[1] as { messages: Array<{ body: string; seq: number }> };
    expect(synced.messages.map((m) => m.body)).toContain('Hi there');
    expect(synced.messages.some((m) => m.body === NOTE)).toBe(false);
  });

  it('shows the note to agents in their sync and transcript, marked as a note', async () => {
    h = await startHarness();
    const { client } = await h.onlineAgent('Ada');
    const { conversationId } = await activeChat(h, client);
    const note = expectOk(await client.call('note:add', { conversationId, clientId: 'n1', body: NOTE }));

    const snapshot = expectOk(await client.call('sync:pull', { cursors: {} }));
    expect(snapshot.messages.find((m) => m.id === note.id)).toMatchObject({ note: true, body: NOTE });
    expectOk(await client.call('conversation:end', { conversationId }));
    const colleague = await h.onlineAgent('Bo');
    const transcript = expectOk(await colleague.client.call('conversation:open', { conversationId }));
    expect(transcript.messages.find((m) => m.seq === note.seq)).toMatchObject({ note: true, body: NOTE, authorName: 'Ada' });
  });

  it('refuses a note in another agent’s chat, in an ended chat, and under a client id a message already has', async () => {
    h = await startHarness();
    const ada = await h.onlineAgent('Ada');
    const { conversationId } = await activeChat(h, ada.client);
    const bo = await h.onlineAgent('Bo');
    expect(await bo.client.call('note:add', { conversationId, clientId: 'n1', body: 'x' })).toEqual({ ok: false, error: 'forbidden' });
    expectOk(await ada.client.call('message:send', { conversationId, clientId: 'same', body: 'Hi' }));
    expect(await ada.client.call('note:add', { conversationId, clientId: 'same', body: 'x' })).toEqual({ ok: false, error: 'conflict' });
    expect(await ada.client.call('note:add', { conversationId, clientId: 'n2', body: '   ' })).toEqual({ ok: false, error: 'invalid_payload' });
    expectOk(await ada.client.call('conversation:end', { conversationId }));
    expect(await ada.client.call('note:add', { conversationId, clientId: 'n3', body: 'late' })).toEqual({ ok: false, error: 'conversation_ended' });
  });
});
