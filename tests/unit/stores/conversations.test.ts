import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { putMessages, upsertConversations } from '../../../entrypoints/background/cache.ts';
import { useConversationsStore } from '../../../stores/conversations.ts';
import { useSessionStore } from '../../../stores/session.ts';
import { db } from '../../../utils/db.ts';
import { agentItem } from '../../../utils/storage.ts';
import { agent, conversation, message, T0 } from '../helpers/fixtures.ts';
import { resetExtension } from '../helpers/reset.ts';

beforeEach(async () => {
  await resetExtension();
  setActivePinia(createPinia());
  await agentItem.setValue(agent());
  await useSessionStore().load();
});

describe('conversations store', () => {
  it("lists only the agent's own active conversations, most recent activity first, with the last message", async () => {
    await upsertConversations([
      conversation({ id: 'older', createdAt: T0 }),
      conversation({ id: 'newer', createdAt: T0 + 60_000 }),
      conversation({ id: 'ended', status: 'ended', endedAt: T0 + 1 }),
      conversation({ id: 'waiting', status: 'waiting', agentId: null }),
      conversation({ id: 'colleague', agentId: 'agent-2' }),
    ]);
    await putMessages([message({ conversationId: 'older', seq: 1, body: 'first' }), message({ conversationId: 'older', seq: 2, body: 'latest' })]);
    const store = useConversationsStore();

    await vi.waitFor(() => expect(store.active.map((row) => row.conversation.id)).toEqual(['newer', 'older']));
    expect(store.active[1]!.lastMessage?.body).toBe('latest');
  });

  it('shows the selected chat in seq order with outbox items after it, marked pending', async () => {
    await upsertConversations([conversation()]);
    await putMessages([message({ seq: 2, body: 'two' }), message({ seq: 1, body: 'one' })]);
    await db.outbox.put({ clientId: 'out-1', conversationId: 'conv-1', body: 'on its way', createdAt: T0 + 9_000 });
    const store = useConversationsStore();
    store.select('conv-1');

    await vi.waitFor(() =>
      expect(store.timeline.map((e) => [e.body, e.pending])).toEqual([
        ['one', false],
        ['two', false],
        ['on its way', true],
      ]),
    );
    expect(store.selected?.id).toBe('conv-1');
  });
});
