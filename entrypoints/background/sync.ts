/**
 * Catch-up: on every connect (and whenever a gap shows) the worker asks for what it missed since its
 * cursors and makes the cache exact again. socket.io's own recovery is a bonus, never relied on.
 */
import type { AgentSnapshot, MessageDTO } from '../../protocol/dto.ts';
import { db } from '../../utils/db.ts';
import type { CommandResult } from '../../utils/messaging.ts';
import { agentItem } from '../../utils/storage.ts';
import { refreshOfferAlerts } from './alerts.ts';
import { applySnapshot, localLastSeq, pruneCache, putMessages, readCursors } from './cache.ts';
import { notifyNewMessages } from './message-alerts.ts';
import { request, type AgentSocket } from './socket.ts';
import { keepSnapshotTransfers } from './transfer.ts';

export async function pullSnapshot(socket: AgentSocket | null): Promise<CommandResult<AgentSnapshot>> {
  const cursors = await readCursors();
  const result = await request(socket, 'sync:pull', { cursors });
  if (!result.ok) return result;
  await applySnapshot(result.data, Object.keys(cursors));
  await keepSnapshotTransfers(result.data);
  await pruneCache();
  // Offer deadlines are server times: the panel's countdown corrects by this.
  await db.meta.put({ key: 'clockOffset', value: result.data.serverTime - Date.now() });
  await agentItem.setValue(result.data.agent);
  await refreshOfferAlerts();
  return result;
}

/**
 * Stores the messages that continue their conversations, all in one transaction, and returns them. One
 * that skips ahead means something was missed: it is not stored (that would move the cursor past the
 * hole), and `gap` says a pull should bring it with the rest.
 */
export async function storeReceivedMessages(messages: readonly MessageDTO[]): Promise<{ stored: MessageDTO[]; gap: boolean }> {
  const byConversation = new Map<string, MessageDTO[]>();
  for (const m of messages) {
    const list = byConversation.get(m.conversationId);
    if (list) list.push(m);
    else byConversation.set(m.conversationId, [m]);
  }
  const stored: MessageDTO[] = [];
  let gap = false;
  for (const [conversationId, list] of byConversation) {
    let have = await localLastSeq(conversationId);
    for (const m of list.sort((a, b) => a.seq - b.seq)) {
      if (m.seq > have + 1) {
        gap = true;
        break;
      }
      stored.push(m);
      have = Math.max(have, m.seq);
    }
  }
  if (stored.length) await putMessages(stored);
  return { stored, gap };
}

/** What stored messages change on screen outside the panel: new-message notifications, the badge. */
export async function alertReceivedMessages(stored: readonly MessageDTO[]): Promise<void> {
  if (!stored.length) return;
  await notifyNewMessages(stored);
  await refreshOfferAlerts();
}

/** Stores messages, alerts about them, and pulls what a gap shows missing. */
export async function receiveMessages(messages: readonly MessageDTO[], pull: () => Promise<unknown>): Promise<void> {
  const { stored, gap } = await storeReceivedMessages(messages);
  await alertReceivedMessages(stored);
  if (gap) await pull();
}

export function receiveMessage(message: MessageDTO, pull: () => Promise<unknown>): Promise<void> {
  return receiveMessages([message], pull);
}
