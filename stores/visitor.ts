/** The open visitor's activity history (SPEC R11), asked from the server each time a visitor is shown. */
import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { ActivityDTO } from '../protocol/inbox.ts';
import { sendCommand, type CommandErrorCode } from '../utils/messaging.ts';

export const useVisitorStore = defineStore('visitor', () => {
  const visitorId = ref<string | null>(null);
  const activities = shallowRef<ActivityDTO[] | null>(null);
  const error = ref<CommandErrorCode | null>(null);
  const loading = ref(false);

  async function load(id: string): Promise<void> {
    visitorId.value = id;
    loading.value = true;
    error.value = null;
    activities.value = null;
    const result = await sendCommand('visitorHistory', { visitorId: id }).catch(() => ({ ok: false as const, error: 'offline' as const }));
    if (visitorId.value !== id) return;
    loading.value = false;
    if (result.ok) activities.value = result.data.activities;
    else error.value = result.error;
  }

  return { visitorId, activities, error, loading, load };
});
