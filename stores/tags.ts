/** Tags (SPEC R28): the admin-defined list, as the worker keeps it in the cache, and setting them on chats. */
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { useLiveQuery } from '../composables/useLiveQuery.ts';
import type { TagDTO } from '../protocol/toolkit.ts';
import { db } from '../utils/db.ts';
import { sendCommand } from '../utils/commands.ts';
import { runCommand } from './command.ts';

export const useTagsStore = defineStore('tags', () => {
  const cached = useLiveQuery(async () => ((await db.meta.get('tags'))?.value as TagDTO[] | undefined) ?? null);
  const tags = computed(() => [...(cached.value ?? [])].sort((a, b) => a.name.localeCompare(b.name)));
  const failed = ref(false);
  let asked = false;

  /** Asks the server for the list once per panel (the cache answers at once meanwhile). */
  async function load(force = false): Promise<void> {
    if (asked && !force) return;
    asked = true;
    const result = await sendCommand('listTags').catch(() => null);
    failed.value = !result?.ok;
  }

  async function setTag(conversationId: string, tagId: string, on: boolean): Promise<boolean> {
    return (await runCommand(() => sendCommand('tagConversation', { conversationId, tagId, on }))).ok;
  }

  return { tags, failed, load, setTag };
});
