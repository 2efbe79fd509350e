/**
 * Saved replies (SPEC R26): the agent's personal ones and the team's shared ones, as the worker keeps
 * them in the cache; the `/` list in the composer and the settings screen both read them here.
 */
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { useLiveQuery } from '../composables/useLiveQuery.ts';
import type { SavedReplyCreateInput, SavedReplyDTO, SavedReplyUpdateInput } from '../protocol/toolkit.ts';
import { db } from '../utils/db.ts';
import { sendCommand } from '../utils/commands.ts';
import { runCommand } from './command.ts';

/** The `/` list shows at most this many replies at once. */
export const SUGGESTION_LIMIT = 8;

/** Replies whose shortcut starts with the query first, then those whose shortcut or text contains it. */
export function matchReplies(replies: readonly SavedReplyDTO[], query: string): SavedReplyDTO[] {
  const q = query.trim().toLowerCase();
  const starts = replies.filter((r) => r.shortcut.toLowerCase().startsWith(q));
  const contains = replies.filter((r) => !starts.includes(r) && (r.shortcut.toLowerCase().includes(q) || r.body.toLowerCase().includes(q)));
  return [...starts, ...contains].slice(0, SUGGESTION_LIMIT);
}

export const useRepliesStore = defineStore('replies', () => {
  const cached = useLiveQuery(async () => ((await db.meta.get('savedReplies'))?.value as SavedReplyDTO[] | undefined) ?? null);
  const replies = computed(() => [...(cached.value ?? [])].sort((a, b) => a.shortcut.localeCompare(b.shortcut)));
  const loading = ref(false);
  const failed = ref(false);
  const saving = ref(false);
  const open = ref(false);

  /** Asks the server for the list (the cache answers at once meanwhile). */
  async function load(): Promise<void> {
    loading.value = true;
    const result = await sendCommand('listReplies').catch(() => null);
    loading.value = false;
    failed.value = !result?.ok;
  }

  async function save(input: SavedReplyCreateInput | SavedReplyUpdateInput): Promise<boolean> {
    saving.value = true;
    const result = await runCommand(() => ('replyId' in input ? sendCommand('updateReply', input) : sendCommand('createReply', input)));
    saving.value = false;
    return result.ok;
  }

  async function remove(replyId: string): Promise<boolean> {
    return (await runCommand(() => sendCommand('deleteReply', { replyId }))).ok;
  }

  function show(): void {
    open.value = true;
    void load();
  }

  function hide(): void {
    open.value = false;
  }

  return { replies, known: computed(() => cached.value !== undefined && cached.value !== null), loading, failed, saving, open, load, save, remove, show, hide };
});
