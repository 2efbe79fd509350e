/** Chat requests waiting for this agent's answer, soonest deadline first. */
import { defineStore } from 'pinia';
import { computed } from 'vue';
import { useLiveQuery } from '../composables/useLiveQuery.ts';
import { db } from '../utils/db.ts';
import { sendCommand } from '../utils/messaging.ts';
import { runCommand } from './command.ts';

export const useOffersStore = defineStore('offers', () => {
  const rows = useLiveQuery(() => db.offers.orderBy('expiresAt').toArray());
  const offset = useLiveQuery(async () => ((await db.meta.get('clockOffset'))?.value as number | undefined) ?? 0);

  const pending = computed(() => rows.value ?? []);
  const pendingIds = computed(() => rows.value?.map((offer) => offer.id));
  /** The server's clock as far as we know it; deadlines are in server time. */
  const serverNow = () => Date.now() + (offset.value ?? 0);

  return {
    pending,
    pendingIds,
    serverNow,
    accept: (offerId: string) => runCommand(() => sendCommand('acceptOffer', { offerId })),
    decline: (offerId: string) => runCommand(() => sendCommand('declineOffer', { offerId })),
  };
});
