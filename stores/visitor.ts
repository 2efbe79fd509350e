/** The open visitor's activity history (SPEC R11), asked from the server each time a visitor is shown. */
import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { ActivityDTO } from '../protocol/inbox.ts';
import { sendCommand } from '../utils/commands.ts';
import type { CommandErrorCode } from '../utils/messaging.ts';

export const useVisitorStore = defineStore('visitor', () => {
  const visitorId = ref<string | null>(null);
  const activities = shallowRef<ActivityDTO[] | null>(null);
  const error = ref<CommandErrorCode | null>(null);
  const loading = ref(false);

  let latest = 0;

  /**
   * Another visitor starts from a loading state; the same visitor again refreshes the list in place,
   * or, when it had none to show, tries again from the loading state.
   */
  async function load(id: string): Promise<void> {
    const request = ++latest;
    if (visitorId.value !== id) {
      visitorId.value = id;
      activities.value = null;
    }
    if (!activities.value) {
      loading.value = true;
      error.value = null;
    }
    const result = await sendCommand('visitorHistory', { visitorId: id }).catch(() => ({ ok: false as const, error: 'offline' as const }));
    if (request !== latest) return;
    loading.value = false;
    if (result.ok) {
      activities.value = result.data.activities;
      error.value = null;
    } else if (!activities.value) error.value = result.error;
  }

  return { visitorId, activities, error, loading, load };
});
