import { nextTick, ref } from 'vue';

/**
 * A question asked in a list's item before an action that cannot be undone (cancelling a meeting,
 * deleting a saved reply): at most one item asks at a time; the safe answer has the focus while it asks,
 * and answering "keep" puts the focus back on the button that asked. Items are found by `item(id)`, a
 * selector, and their buttons by test id, since the asking button is rendered anew when the question goes.
 */
export function useAskFirst(item: (id: string) => string, buttons: { ask: string; keep: string }) {
  /** the id of the item that asks, or null */
  const asking = ref<string | null>(null);
  const focus = async (id: string, testId: string) => {
    await nextTick();
    document.querySelector<HTMLButtonElement>(`${item(id)} [data-testid="${testId}"]`)?.focus();
  };
  return {
    asking,
    ask: async (id: string) => {
      asking.value = id;
      await focus(id, buttons.keep);
    },
    keep: async (id: string) => {
      asking.value = null;
      await focus(id, buttons.ask);
    },
    /** the action goes ahead: the question is answered */
    answered: () => {
      asking.value = null;
    },
  };
}
