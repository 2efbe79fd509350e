/** How the agent arranged the side panel, kept on this browser. */
import { defineStore } from 'pinia';
import { onScopeDispose, ref } from 'vue';
import { visitorDetailsOpenItem } from '../utils/storage.ts';

export const useLayoutStore = defineStore('layout', () => {
  const visitorDetailsOpen = ref(visitorDetailsOpenItem.fallback);
  let chosen = false;
  void visitorDetailsOpenItem.getValue().then((open) => {
    // a choice made before storage answered wins
    if (!chosen) visitorDetailsOpen.value = open;
  });
  onScopeDispose(visitorDetailsOpenItem.watch((open) => (visitorDetailsOpen.value = open)));

  function toggleVisitorDetails(): void {
    chosen = true;
    visitorDetailsOpen.value = !visitorDetailsOpen.value;
    void visitorDetailsOpenItem.setValue(visitorDetailsOpen.value);
  }

  return { visitorDetailsOpen, toggleVisitorDetails };
});
