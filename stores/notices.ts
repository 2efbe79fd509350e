/** The last command that failed, shown to the agent until dismissed or replaced. */
import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { CommandErrorCode } from '../utils/messaging.ts';

export const useNoticesStore = defineStore('notices', () => {
  const error = ref<CommandErrorCode | null>(null);
  return {
    error,
    show: (code: CommandErrorCode) => (error.value = code),
    dismiss: () => (error.value = null),
  };
});
