/** Transfers (SPEC R25): the agent's own, as the worker keeps them in the cache, and handing a chat over. */
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { useLiveQuery } from '../composables/useLiveQuery.ts';
import type { ChatTransferInput, TransferDTO, TransferTargets } from '../protocol/transfer.ts';
import { db } from '../utils/db.ts';
import { sendCommand } from '../utils/commands.ts';
import { runCommand } from './command.ts';

export const useTransfersStore = defineStore('transfers', () => {
  const cached = useLiveQuery(async () => ((await db.meta.get('transfers'))?.value as TransferDTO[] | undefined) ?? []);
  const targets = ref<TransferTargets | null>(null);
  const sending = ref(false);

  /** The chat's latest transfer: pending, or ended and not dismissed yet. */
  const of = (conversationId: string): TransferDTO | null => cached.value?.find((t) => t.conversationId === conversationId) ?? null;

  /** Asks the server whom the agent may transfer to (fresh each time: who is online changes). */
  async function loadTargets(): Promise<void> {
    targets.value = null;
    const result = await runCommand(() => sendCommand('transferTargets'));
    if (result.ok) targets.value = result.data;
  }

  async function transfer(input: ChatTransferInput): Promise<boolean> {
    if (sending.value) return false;
    sending.value = true;
    try {
      return (await runCommand(() => sendCommand('transferChat', input))).ok;
    } finally {
      sending.value = false;
    }
  }

  const dismiss = (transferId: string) => runCommand(() => sendCommand('dismissTransfer', { transferId }));

  return { of, targets, sending, loadTargets, transfer, dismiss };
});
