/** Chat requests waiting for this agent's answer, soonest deadline first. */
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { useLiveQuery } from '../composables/useLiveQuery.ts';
import { db, type StoredOffer } from '../utils/db.ts';
import { sendCommand } from '../utils/commands.ts';
import { runCommand } from './command.ts';
import { useConversationsStore } from './conversations.ts';

export const useOffersStore = defineStore('offers', () => {
  const rows = useLiveQuery(() => db.offers.orderBy('expiresAt').toArray());
  const offset = useLiveQuery(async () => ((await db.meta.get('clockOffset'))?.value as number | undefined) ?? 0);

  const pending = computed(() => rows.value ?? []);
  /** the newest request, shown in full and answered by Alt+A / Alt+D; the others follow as rows */
  const newest = computed(() => pending.value.reduce<StoredOffer | null>((a, b) => (a && a.createdAt >= b.createdAt ? a : b), null));
  const others = computed(() => pending.value.filter((offer) => offer !== newest.value));
  const pendingIds = computed(() => rows.value?.map((offer) => offer.id));
  /** The server's clock as far as we know it; deadlines are in server time. */
  const serverNow = () => Date.now() + (offset.value ?? 0);

  const accept = (offerId: string) => runCommand(() => sendCommand('acceptOffer', { offerId }));
  const decline = (offerId: string) => runCommand(() => sendCommand('declineOffer', { offerId }));

  /** The offers whose answers are on their way (their buttons wait; other offers may still be answered). */
  const answering = ref<readonly string[]>([]);
  const isAnswering = (offerId: string) => answering.value.includes(offerId);

  /**
   * Answers from the banner or the keyboard; an accepted chat opens at once. A second answer to an offer
   * already being answered is ignored (a double click); an answer to another offer goes out at once.
   */
  async function answer(offerId: string, yes: boolean): Promise<void> {
    if (isAnswering(offerId)) return;
    answering.value = [...answering.value, offerId];
    try {
      if (!yes) await decline(offerId);
      else {
        const result = await accept(offerId);
        if (result.ok) void useConversationsStore().select(result.data.id);
      }
    } finally {
      answering.value = answering.value.filter((id) => id !== offerId);
    }
  }

  return { pending, newest, others, pendingIds, serverNow, accept, decline, answering, isAnswering, answer };
});
