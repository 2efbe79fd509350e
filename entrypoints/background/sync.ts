/**
 * Catch-up: on every connect (and whenever a gap shows) the worker asks for what it missed since its
 * cursors and makes the cache exact again. socket.io's own recovery is a bonus, never relied on.
 */
import type { AgentSnapshot, MessageDTO } from '../../protocol/dto.ts';
import { db } from '../../utils/db.ts';
import type { CommandResult } from '../../utils/messaging.ts';
import { agentItem } from '../../utils/storage.ts';
import { refreshOfferAlerts } from './alerts.ts';
import { applySnapshot, localLastSeq, putMessages, readCursors } from './cache.ts';
import { request, type AgentSocket } from './socket.ts';

export async function pullSnapshot(socket: AgentSocket | null): Promise<CommandResult<AgentSnapshot>> {
  const cursors = await readCursors();
  const result = await request(socket, 'sync:pull', { cursors });
  if (!result.ok) return result;
  await applySnapshot(result.data, Object.keys(cursors));
  // Offer deadlines are server times: the panel's countdown corrects by this.
  await db.meta.put({ key: 'clockOffset', value: result.data.serverTime - Date.now() });
  await agentItem.setValue(result.data.agent);
  await refreshOfferAlerts();
  return result;
}

/**
 * Stores a message that continues its conversation. One that skips ahead means something was missed:
 * it is not stored (that would move the cursor past the hole); the pull brings it with the rest.
 */
export async function receiveMessage(message: MessageDTO, pull: () => Promise<unknown>): Promise<void> {
  const have = await localLastSeq(message.conversationId);
  if (message.seq <= have + 1) {
    await putMessages([message]);
    return;
  }
  await pull();
}
