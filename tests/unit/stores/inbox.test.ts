import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { upsertConversations } from '../../../entrypoints/background/cache.ts';
import { useInboxStore } from '../../../stores/inbox.ts';
import { onCommand } from '../../../utils/messaging.ts';
import { conversation } from '../helpers/fixtures.ts';
import { resetExtension } from '../helpers/reset.ts';

beforeEach(async () => {
  await resetExtension();
  setActivePinia(createPinia());
});

describe('inbox store', () => {
  it('pages older conversations in by cursor until the server has no more', async () => {
    const asked: unknown[] = [];
    onCommand('listConversations', ({ data }) => {
      asked.push(data);
      return { ok: true, data: { ids: [], nextCursor: data.cursor ? null : 'page-2' } };
    });
    const inbox = useInboxStore();
    inbox.setFilter('all');
    await vi.waitFor(() => expect(asked).toHaveLength(1));
    await vi.waitFor(() => expect(inbox.loadingMore).toBe(false));
    await inbox.loadMore();
    await inbox.loadMore();
    expect(asked).toEqual([{ filter: 'all' }, { filter: 'all', cursor: 'page-2' }]);
    expect(inbox.exhausted).toBe(true);
  });

  it('reports a failed page so the list can say so, and tries again later', async () => {
    let fail = true;
    onCommand('listConversations', () => (fail ? { ok: false, error: 'offline' } : { ok: true, data: { ids: [], nextCursor: null } }));
    const inbox = useInboxStore();
    await inbox.loadMore();
    expect(inbox.failed).toBe(true);
    fail = false;
    await inbox.loadMore();
    expect(inbox.failed).toBe(false);
    expect(inbox.exhausted).toBe(true);
  });

  it('keeps the newest search answer when an older one arrives late', async () => {
    await upsertConversations([conversation({ id: 'v1', status: 'ended', endedAt: 1 }), conversation({ id: 'v2', status: 'ended', endedAt: 1 })]);
    const answers = new Map<string, (value: unknown) => void>();
    onCommand('listConversations', ({ data }) => new Promise((resolve) => answers.set(data.query ?? '', resolve)) as never);
    const inbox = useInboxStore();
    const slow = inbox.search('ve');
    const fast = inbox.search('vera');
    await vi.waitFor(() => expect(answers.size).toBe(2));
    answers.get('vera')!({ ok: true, data: { ids: ['v2'], nextCursor: null } });
    await fast;
    answers.get('ve')!({ ok: true, data: { ids: ['v1', 'v2'], nextCursor: null } });
    await slow;
    expect(inbox.searchActive).toBe(true);
    await vi.waitFor(() => expect(inbox.rows.map((c) => c.id)).toEqual(['v2']));
    await inbox.search('');
    expect(inbox.searchActive).toBe(false);
  });
});
