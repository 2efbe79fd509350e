import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { upsertConversations } from '../../../entrypoints/background/cache.ts';
import { END_UNDO_MS, useEndingStore } from '../../../stores/ending.ts';
import { useSessionStore } from '../../../stores/session.ts';
import { onCommand } from '../../../utils/messaging.ts';
import { agentItem } from '../../../utils/storage.ts';
import { agent, conversation } from '../helpers/fixtures.ts';
import { resetExtension } from '../helpers/reset.ts';

let ended: string[];

beforeEach(async () => {
  await resetExtension();
  setActivePinia(createPinia());
  await agentItem.setValue(agent());
  await useSessionStore().load();
  await upsertConversations([conversation({ id: 'conv-1' })]);
  ended = [];
  onCommand('endConversation', ({ data }) => {
    ended.push(data.conversationId);
    return { ok: true, data: conversation({ id: data.conversationId, status: 'ended' }) };
  });
  // only the undo timer is faked: IndexedDB and the messaging keep their own scheduling
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
});

afterEach(() => {
  vi.useRealTimers();
});

describe('ending store', () => {
  it('sends the end only once the undo moment has passed, and only once', async () => {
    const ending = useEndingStore();
    ending.request('conv-1');
    ending.request('conv-1');
    expect(ending.isEnding('conv-1')).toBe(true);

    await vi.advanceTimersByTimeAsync(END_UNDO_MS - 1);
    expect(ended).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    await vi.waitFor(() => expect(ended).toEqual(['conv-1']));
    expect(ending.isEnding('conv-1')).toBe(false);
  });

  it('Undo within the moment keeps the chat: nothing is sent', async () => {
    const ending = useEndingStore();
    ending.request('conv-1');
    await vi.advanceTimersByTimeAsync(END_UNDO_MS / 2);
    ending.undo('conv-1');
    await vi.advanceTimersByTimeAsync(END_UNDO_MS * 2);
    expect(ended).toEqual([]);
    expect(ending.isEnding('conv-1')).toBe(false);
  });

  it('a panel closed within the moment ends nothing: nothing was handed to the background', async () => {
    const ending = useEndingStore();
    ending.request('conv-1');
    ending.$dispose();
    await vi.advanceTimersByTimeAsync(END_UNDO_MS * 2);
    expect(ended).toEqual([]);
  });

  it('signing out within the moment ends nothing', async () => {
    const ending = useEndingStore();
    ending.request('conv-1');
    await agentItem.setValue(null);
    await vi.waitFor(() => expect(ending.isEnding('conv-1')).toBe(false));
    await vi.advanceTimersByTimeAsync(END_UNDO_MS * 2);
    expect(ended).toEqual([]);
  });

  it('a chat the visitor ended in the meantime is not ended again', async () => {
    const ending = useEndingStore();
    ending.request('conv-1');
    await upsertConversations([conversation({ id: 'conv-1', status: 'ended', endedBy: 'visitor' })]);
    await vi.advanceTimersByTimeAsync(END_UNDO_MS);
    await vi.waitFor(() => expect(ending.isEnding('conv-1')).toBe(false));
    expect(ended).toEqual([]);
  });
});
