/** Transfers (docs/PROTOCOL.md "Transfer"): handing a chat to an agent or a team, and whom to hand it to. */
import { emptyInputSchema } from '../../protocol/meetings.ts';
import { chatTransferSchema } from '../../protocol/transfer.ts';
import type { UserRow } from '../db/users.ts';
import type { ServiceDeps } from '../services/deps.ts';
import { startTransfer, transferTargets } from '../services/transfers.ts';
import { command, type CommandContext } from './command.ts';
import type { AgentSocket } from './types.ts';

/** `me` is the agent checked by the namespace's per-event guard. */
export function registerTransferHandlers(socket: AgentSocket, deps: { services: ServiceDeps; ctx: CommandContext }, me: () => UserRow): void {
  const { services, ctx } = deps;
  socket.on('chat:transfer', command(ctx, 'chat:transfer', chatTransferSchema, (input) => startTransfer(services, me(), input)));
  socket.on('transfer:targets', command(ctx, 'transfer:targets', emptyInputSchema, () => transferTargets(services, me())));
}
