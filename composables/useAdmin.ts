/**
 * The admin console's helpers: its texts in the browser's language, and a command's answer as refs
 * (loading, the data, the error code) for a screen's loading, empty and error states.
 */
import { ref, shallowRef, type Ref } from 'vue';
import type { AdminData, AdminEvent, AdminInput } from '../protocol/admin-events.ts';
import { translateAdmin, type AdminTextKey } from '../utils/admin-i18n.ts';
import { callAdmin } from '../utils/admin-client.ts';
import { browserLocale } from '../utils/locale.ts';
import type { CommandErrorCode } from '../utils/messaging.ts';

export function useAdminI18n() {
  const locale = browserLocale();
  const t = (key: AdminTextKey, params?: Record<string, string | number>) => translateAdmin(locale, key, params);
  /** The text for a command's error code. */
  const errorText = (code: CommandErrorCode) => t(`error.${code}` as AdminTextKey) || t('error.internal');
  return { locale, t, errorText };
}

export interface AdminQuery<E extends AdminEvent> {
  data: Ref<AdminData<E> | null>;
  error: Ref<CommandErrorCode | null>;
  loading: Ref<boolean>;
  /** Asks again; the data shown stays until the answer is in. */
  load(): Promise<void>;
}

export function useAdminQuery<E extends AdminEvent>(event: E, input: () => AdminInput<E>): AdminQuery<E> {
  const data = shallowRef<AdminData<E> | null>(null);
  const error = ref<CommandErrorCode | null>(null);
  // loading until the first answer: a screen asks on mount, and shows no empty state before it knows
  const loading = ref(true);
  let asked = 0;
  async function load(): Promise<void> {
    const mine = ++asked;
    loading.value = true;
    const result = await callAdmin(event, input());
    // an older answer arriving after a newer question changes nothing
    if (mine !== asked) return;
    loading.value = false;
    if (result.ok) {
      data.value = result.data;
      error.value = null;
    } else error.value = result.error;
  }
  return { data, error, loading, load };
}
