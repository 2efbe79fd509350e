/** The agent's settings screen: whether it is open, and the weekly schedule as the server has it. */
import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { Schedule } from '../protocol/routing.ts';
import { sendCommand } from '../utils/commands.ts';
import { runCommand } from './command.ts';

export const useSettingsStore = defineStore('settings', () => {
  const open = ref(false);
  const loading = ref(false);
  const saving = ref(false);
  /** true after a save, until the screen is opened again */
  const saved = ref(false);
  const schedule = shallowRef<Schedule | null>(null);

  async function show(): Promise<void> {
    open.value = true;
    saved.value = false;
    loading.value = true;
    const result = await runCommand(() => sendCommand('getSchedule'));
    if (result.ok) schedule.value = result.data;
    loading.value = false;
  }

  function hide(): void {
    open.value = false;
  }

  /** Saves a schedule, or null to let the toggle alone decide; the new availability arrives through storage. */
  async function save(next: Schedule | null): Promise<boolean> {
    saving.value = true;
    saved.value = false;
    const result = await runCommand(() => sendCommand('setSchedule', { schedule: next }));
    saving.value = false;
    if (!result.ok) return false;
    schedule.value = next;
    saved.value = true;
    return true;
  }

  return { open, loading, saving, saved, schedule, show, hide, save };
});
