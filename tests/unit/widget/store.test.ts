import { describe, expect, it } from 'vitest';
import { memoryStore } from '../../../server/widget/src/storage.ts';
import { createChatStore, DRAFT_PREFIX, OUTBOX_PREFIX } from '../../../server/widget/src/store.ts';
import { conversation, message } from './helpers.ts';

function makeStore(kv = memoryStore()) {
  let n = 0;
  const store = createChatStore(kv, { newId: () => `client-${++n}`, now: () => n });
  return { store, kv };
}

describe('widget chat store', () => {
  it('keeps an unacknowledged message in the outbox across a reload', () => {
    const { store, kv } = makeStore();
    store.setConversation(conversation());
    store.enqueue('hello there');

    const reloaded = makeStore(kv).store;
    reloaded.open('c1');

    expect(reloaded.pending().map((i) => i.body)).toEqual(['hello there']);
    expect(reloaded.lines()).toEqual([
      expect.objectContaining({ author: 'visitor', body: 'hello there', pending: true, failed: false }),
    ]);
  });

  it('removes a message from the outbox and from storage once the server acknowledges it', () => {
    const { store, kv } = makeStore();
    store.setConversation(conversation());
    const item = store.enqueue('hi');

    store.acknowledge(item.clientId, message(1, { clientId: item.clientId, author: 'visitor', body: 'hi' }));

    expect(store.pending()).toEqual([]);
    expect(kv.get(OUTBOX_PREFIX + 'c1')).toBeNull();
    expect(store.lines()).toEqual([expect.objectContaining({ key: item.clientId, pending: false, body: 'hi' })]);
  });

  it('confirms an outbox message when its broadcast arrives before the ack', () => {
    const { store } = makeStore();
    store.setConversation(conversation());
    const item = store.enqueue('hi');

    store.applyMessage(message(1, { clientId: item.clientId, author: 'visitor', body: 'hi' }));

    expect(store.pending()).toEqual([]);
  });

  it('orders messages by seq whatever order they arrive in', () => {
    const { store } = makeStore();
    store.setConversation(conversation());
    for (const seq of [3, 1, 2]) store.applyMessage(message(seq));

    expect(store.lines().map((l) => l.body)).toEqual(['message 1', 'message 2', 'message 3']);
  });

  it('ignores a second copy of a message with the same clientId', () => {
    const { store } = makeStore();
    store.setConversation(conversation());
    expect(store.applyMessage(message(1, { clientId: 'x' }))).toBe('added');
    expect(store.applyMessage(message(2, { clientId: 'x' }))).toBe('duplicate');

    expect(store.lines()).toHaveLength(1);
    expect(store.afterSeq()).toBe(1);
  });

  it('detects a gap in seq and keeps asking after the last message without a hole', () => {
    const { store } = makeStore();
    store.setConversation(conversation());
    store.applyMessage(message(1));

    expect(store.applyMessage(message(3))).toBe('gap');
    expect(store.afterSeq()).toBe(1);
    expect(store.applyMessage(message(2))).toBe('added');
    expect(store.afterSeq()).toBe(3);
  });

  it('completeThrough: seqs a catch-up did not carry count as held, and held messages after them join', () => {
    const { store } = makeStore();
    store.setConversation(conversation());
    store.applyMessage(message(1));
    store.applyMessage(message(4));
    expect(store.afterSeq()).toBe(1);

    store.completeThrough(3);
    expect(store.afterSeq()).toBe(4);
    // never backwards
    store.completeThrough(2);
    expect(store.afterSeq()).toBe(4);
  });

  it('ignores messages of another conversation', () => {
    const { store } = makeStore();
    store.setConversation(conversation());

    expect(store.applyMessage(message(1, { conversationId: 'other' }))).toBe('duplicate');
    expect(store.lines()).toEqual([]);
  });

  it('stops re-sending a refused message but keeps showing it as not sent', () => {
    const { store, kv } = makeStore();
    store.setConversation(conversation());
    const item = store.enqueue('too late');

    store.markFailed(item.clientId, 'conversation_ended');

    expect(store.pending()).toEqual([]);
    expect(kv.get(OUTBOX_PREFIX + 'c1')).toBeNull();
    expect(store.lines()).toEqual([expect.objectContaining({ body: 'too late', pending: false, failed: true })]);
  });

  it('shows pending messages after the confirmed ones, oldest first', () => {
    const { store } = makeStore();
    store.setConversation(conversation());
    store.enqueue('first');
    store.enqueue('second');
    store.applyMessage(message(1, { body: 'from the agent' }));

    expect(store.lines().map((l) => l.body)).toEqual(['from the agent', 'first', 'second']);
  });

  it('drops the outboxes and drafts of conversations the session has left', () => {
    const { store, kv } = makeStore();
    kv.set(OUTBOX_PREFIX + 'old', JSON.stringify([{ clientId: 'a', conversationId: 'old', body: 'x', createdAt: 1 }]));
    kv.set(DRAFT_PREFIX + 'old', 'half a sentence');
    store.setConversation(conversation());
    store.enqueue('keep me');
    store.setDraft('and me');

    store.dropOtherConversations();

    expect(kv.get(OUTBOX_PREFIX + 'old')).toBeNull();
    expect(kv.get(DRAFT_PREFIX + 'old')).toBeNull();
    expect(kv.get(OUTBOX_PREFIX + 'c1')).not.toBeNull();
    expect(kv.get(DRAFT_PREFIX + 'c1')).toBe('and me');
  });

  it('keeps a draft per conversation in storage, so another page load of the same chat finds it', () => {
    const { store, kv } = makeStore();
    store.setConversation(conversation());
    store.setDraft('my tap is');

    const reloaded = makeStore(kv).store;
    reloaded.open('c1');
    expect(reloaded.draft()).toBe('my tap is');
    reloaded.open('c2');
    expect(reloaded.draft()).toBe('');
  });

  it('treats a corrupted outbox in storage as empty', () => {
    const kv = memoryStore();
    kv.set(OUTBOX_PREFIX + 'c1', '{not json');
    kv.set(OUTBOX_PREFIX + 'c2', JSON.stringify([{ clientId: 1 }, { clientId: 'ok', conversationId: 'c2', body: 'b', createdAt: 2 }]));
    const { store } = makeStore(kv);

    store.open('c1');
    expect(store.pending()).toEqual([]);
    store.open('c2');
    expect(store.pending().map((i) => i.clientId)).toEqual(['ok']);
  });
});
