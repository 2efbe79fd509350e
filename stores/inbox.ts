/**
 * The conversation list's All view: every cached conversation (own active ones and everyone's past
 * ones, SPEC R8), read from the cache one window at a time by the `updatedAt` index, never the whole
 * table. Older pages are fetched from the server on demand; a search asks the server.
 */
import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import { useLiveQuery } from '../composables/useLiveQuery.ts';
import type { SearchHit } from '../protocol/toolkit.ts';
import { db, type StoredConversation } from '../utils/db.ts';
import { sendCommand } from '../utils/commands.ts';
import { runCommand } from './command.ts';

export type ListFilter = 'active' | 'all';

export const useInboxStore = defineStore('inbox', () => {
  const filter = ref<ListFilter>('active');
  const range = shallowRef({ start: 0, count: 40 });
  const query = ref('');
  const results = shallowRef<string[] | null>(null);
  const searching = ref(false);
  /** only chats with this tag (asked of the server, like a search); null: any */
  const tagId = ref<string | null>(null);
  /** messages of past chats that contain the search's words (SPEC R30); null: no search */
  const hits = shallowRef<SearchHit[] | null>(null);
  const hitsFailed = ref(false);
  const loadingMore = ref(false);
  const failed = ref(false);
  /** where the next server page starts; undefined: not fetched yet, null: no older page */
  const cursor = ref<string | null | undefined>(undefined);

  const total = useLiveQuery(() => db.conversations.count());
  const windowRows = useLiveQuery(
    () =>
      db.conversations
        .orderBy('updatedAt')
        .reverse()
        .offset(range.value.start)
        .limit(range.value.count)
        .toArray(),
    [range],
  );
  const resultRows = useLiveQuery(
    async () => (results.value ? (await db.conversations.bulkGet(results.value)).filter((c) => c !== undefined) : []),
    [results],
  );

  const searchActive = computed(() => results.value !== null);
  /** Rows to show: the search's answer, or the window over the cache. */
  const rows = computed<StoredConversation[]>(() => (searchActive.value ? (resultRows.value ?? []) : (windowRows.value ?? [])));
  const count = computed(() => (searchActive.value ? rows.value.length : (total.value ?? 0)));
  const loaded = computed(() => total.value !== undefined && windowRows.value !== undefined);
  const exhausted = computed(() => cursor.value === null);

  function setFilter(next: ListFilter): void {
    filter.value = next;
    if (next === 'all' && cursor.value === undefined) void loadMore();
  }

  function setWindow(start: number, count: number): void {
    if (start === range.value.start && count === range.value.count) return;
    range.value = { start, count };
  }

  /** Fetches the next older page from the server into the cache. */
  async function loadMore(): Promise<void> {
    if (loadingMore.value || cursor.value === null) return;
    const from = cursor.value;
    loadingMore.value = true;
    const result = await runCommand(() =>
      sendCommand('listConversations', { filter: 'all', ...(from ? { cursor: from } : {}) }),
    );
    loadingMore.value = false;
    failed.value = !result.ok;
    if (result.ok) cursor.value = result.data.nextCursor;
  }

  /** Asks the server for the chats whose visitor matches the text, and for the messages that hold its words. */
  async function search(text: string): Promise<void> {
    query.value = text;
    const q = text.trim();
    const tag = tagId.value;
    if (!q && !tag) {
      results.value = null;
      hits.value = null;
      return;
    }
    searching.value = true;
    const filters = tag ? { tagId: tag } : {};
    const [byVisitor, byMessage] = await Promise.all([
      runCommand(() => sendCommand('listConversations', { filter: 'all', ...(q ? { query: q } : {}), ...filters, limit: 100 })),
      q ? sendCommand('searchMessages', { query: q, ...filters }).catch(() => null) : Promise.resolve(null),
    ]);
    // a slower answer to an older query must not replace the newer one
    if (query.value.trim() !== q || tagId.value !== tag) return;
    searching.value = false;
    results.value = byVisitor.ok ? byVisitor.data.ids : [];
    hits.value = q && byMessage?.ok ? byMessage.data.items : q ? [] : null;
    hitsFailed.value = q !== '' && !byMessage?.ok;
  }

  function setTag(next: string | null): Promise<void> {
    tagId.value = next;
    return search(query.value);
  }

  return {
    filter,
    query,
    rows,
    count,
    loaded,
    range,
    searching,
    searchActive,
    tagId,
    hits,
    hitsFailed,
    setTag,
    loadingMore,
    failed,
    exhausted,
    setFilter,
    setWindow,
    loadMore,
    search,
  };
});
