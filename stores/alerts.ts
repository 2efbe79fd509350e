/** The agent's alert choices: the offer sound and notifications for new messages. */
import { defineStore } from 'pinia';
import { onScopeDispose, shallowRef } from 'vue';
import { alertSettingsItem, type AlertSettings } from '../utils/storage.ts';

export const useAlertsStore = defineStore('alerts', () => {
  const settings = shallowRef<AlertSettings>(alertSettingsItem.fallback);
  void alertSettingsItem.getValue().then((value) => (settings.value = value));
  const unwatch = alertSettingsItem.watch((value) => (settings.value = value));
  onScopeDispose(unwatch);

  async function set<K extends keyof AlertSettings>(key: K, value: AlertSettings[K]): Promise<void> {
    settings.value = { ...settings.value, [key]: value };
    await alertSettingsItem.setValue(settings.value);
  }

  return { settings, set };
});
