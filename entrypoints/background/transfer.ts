/**
 * Transfers in the worker (issue 15, R25): the agent's own transfers live in the cache's `meta` table
 * (pending ones, and ended ones until the agent dismisses the outcome); a chat taken over by someone
 * else leaves the cache, since the agent may no longer read it (R8).
 */
import type { AgentSnapshot } from '../../protocol/dto.ts';
import type { ChatTransferInput, TransferDTO, TransferEndedUpdate, TransferTargets } from '../../protocol/transfer.ts';
import { db, messageRange } from '../../utils/db.ts';
import { onCommand, type CommandResult } from '../../utils/messaging.ts';
import type { Connection } from './connection.ts';
import type { SerialQueue } from './queue.ts';
import { request, type AgentSocket } from './socket.ts';

export const TRANSFERS_KEY = 'transfers';
/** ended transfers kept for their outcome line, newest first */
const KEPT_ENDED = 20;

async function readTransfers(): Promise<TransferDTO[]> {
  return ((await db.meta.get(TRANSFERS_KEY))?.value as TransferDTO[] | undefined) ?? [];
}

/** Puts a transfer in the list; it replaces an earlier one of the same chat. */
export async function keepTransfer(transfer: TransferDTO): Promise<void> {
  const others = (await readTransfers()).filter((t) => t.id !== transfer.id && t.conversationId !== transfer.conversationId);
  const ended = others.filter((t) => t.status !== 'pending').slice(0, KEPT_ENDED - 1);
  await db.meta.put({ key: TRANSFERS_KEY, value: [transfer, ...others.filter((t) => t.status === 'pending'), ...ended] });
}

/** After a catch-up the server's pending transfers are the truth; outcomes the agent has not dismissed stay. */
export async function keepSnapshotTransfers(snapshot: Pick<AgentSnapshot, 'transfers'>): Promise<void> {
  if (!snapshot.transfers) return;
  const pending = new Set(snapshot.transfers.map((t) => t.conversationId));
  const ended = (await readTransfers()).filter((t) => t.status !== 'pending' && !pending.has(t.conversationId));
  await db.meta.put({ key: TRANSFERS_KEY, value: [...snapshot.transfers, ...ended] });
}

export async function applyTransferEnded({ transfer, conversation }: TransferEndedUpdate): Promise<void> {
  await db.transaction('rw', [db.meta, db.conversations, db.messages], async () => {
    await keepTransfer(transfer);
    if (transfer.status === 'accepted') {
      await db.conversations.delete(conversation.id);
      await messageRange(db, conversation.id).delete();
    }
  });
}

export async function dismissTransfer(transferId: string): Promise<void> {
  await db.meta.put({ key: TRANSFERS_KEY, value: (await readTransfers()).filter((t) => t.id !== transferId || t.status === 'pending') });
}

export function bindTransferEvents(socket: AgentSocket, { queue }: { queue: SerialQueue }): void {
  socket.on('transfer:started', (transfer) => queue.push(() => keepTransfer(transfer)));
  socket.on('transfer:ended', (update) => queue.push(() => applyTransferEnded(update)));
}

export interface TransferActions {
  transfer(input: ChatTransferInput): Promise<CommandResult<TransferDTO>>;
  targets(): Promise<CommandResult<TransferTargets>>;
  dismiss(transferId: string): Promise<CommandResult<null>>;
}

export function createTransferActions({ connection, queue }: { connection: Connection; queue: SerialQueue }): TransferActions {
  return {
    async transfer(input) {
      const result = await request(await connection.ready(), 'chat:transfer', input);
      if (result.ok) await queue.run(() => keepTransfer(result.data));
      return result;
    },
    targets: async () => request(await connection.ready(), 'transfer:targets', {}),
    async dismiss(transferId) {
      await queue.run(() => dismissTransfer(transferId));
      return { ok: true, data: null };
    },
  };
}

export function registerTransferCommands(actions: TransferActions): void {
  onCommand('transferChat', ({ data }) => actions.transfer(data));
  onCommand('transferTargets', () => actions.targets());
  onCommand('dismissTransfer', ({ data }) => actions.dismiss(data.transferId));
}
