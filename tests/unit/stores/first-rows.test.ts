import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { putMessages, upsertConversations } from '../../../entrypoints/background/cache.ts';
import { useConversationsStore, type ConversationSummary } from '../../../stores/conversations.ts';
import { useSessionStore } from '../../../stores/session.ts';
import { readFirstRows, writeFirstRows } from '../../../utils/first-rows.ts';
import { agentItem } from '../../../utils/storage.ts';
import { agent, conversation, message } from '../helpers/fixtures.ts';
import { resetExtension } from '../helpers/reset.ts';

const kept = (id: string): ConversationSummary => ({ conversation: { ...conversation({ id }), updatedAt: 1 }, lastMessage: null });

beforeEach(async () => {
  await resetExtension();
  localStorage.clear();
  setActivePinia(createPinia());
  await agentItem.setValue(agent());
  await useSessionStore().load();
});

describe('first rows kept between panel starts', () => {
  it('shows the rows kept for the signed-in agent at once, before the cache answers', () => {
    writeFirstRows(agent().id, [kept('kept-1')]);
    const store = useConversationsStore();

    expect(store.loaded).toBe(true);
    expect(store.active.map((row) => row.conversation.id)).toEqual(['kept-1']);
  });

  it('never shows rows kept for another agent', () => {
    writeFirstRows('someone-else', [kept('theirs')]);
    const store = useConversationsStore();

    expect(store.active).toEqual([]);
    expect(store.loaded).toBe(false);
  });

  it("replaces them with the cache's rows and keeps those for next time", async () => {
    writeFirstRows(agent().id, [kept('stale')]);
    await upsertConversations([conversation({ id: 'fresh' })]);
    await putMessages([message({ conversationId: 'fresh', seq: 1, body: 'hello' })]);
    const store = useConversationsStore();

    await vi.waitFor(() => expect(store.active.map((row) => row.conversation.id)).toEqual(['fresh']));
    await vi.waitFor(() => expect(readFirstRows<ConversationSummary>(agent().id)?.map((row) => row.lastMessage?.body)).toEqual(['hello']));
  });

  it('forgets them when nobody is signed in', async () => {
    const store = useConversationsStore();
    await upsertConversations([conversation({ id: 'mine' })]);
    await vi.waitFor(() => expect(readFirstRows(agent().id)).not.toBeNull());

    await agentItem.setValue(null);

    await vi.waitFor(() => expect(readFirstRows(agent().id)).toBeNull());
    expect(store.active).toEqual([]);
  });
});
