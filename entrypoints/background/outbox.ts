/**
 * Agent messages go into the Dexie outbox first and leave it only when the server has acknowledged
 * them, so a message written offline (or during a worker restart) is sent after the next connect.
 * The server stores a clientId once, so sending an item twice is harmless.
 */
import type { MessageDTO } from '../../protocol/dto.ts';
import { timeOrderedId } from '../../protocol/ids.ts';
import { db, type OutboxItem } from '../../utils/db.ts';
import type { CommandErrorCode, CommandResult, SentMessage } from '../../utils/messaging.ts';
import { createSerialQueue } from './queue.ts';
import { request, type AgentSocket } from './socket.ts';

/** Answers that a retry could change; on any other refusal the item stays, marked failed, until discarded. */
const RETRYABLE: readonly CommandErrorCode[] = ['offline', 'timeout', 'rate_limited', 'internal', 'unauthorized'];

export interface OutboxDeps {
  socket(): AgentSocket | null;
  /** stores the acknowledged message in the cache (which also retires the outbox item) */
  deliver(message: MessageDTO): Promise<void>;
}

export interface Outbox {
  /** `note`: an internal note, which the visitor never sees */
  enqueue(conversationId: string, body: string, note?: boolean): Promise<CommandResult<SentMessage>>;
  /** Sends whatever is waiting, oldest first (items the server refused for good stay put). */
  flush(): Promise<void>;
  /** Forgets a message the server refused for good. */
  discard(clientId: string): Promise<void>;
}

export function createOutbox({ socket, deliver }: OutboxDeps): Outbox {
  // One send at a time keeps the agent's messages in the order they were written.
  const sending = createSerialQueue();

  async function send(item: OutboxItem): Promise<CommandResult<MessageDTO>> {
    const input = { conversationId: item.conversationId, clientId: item.clientId, body: item.body };
    // a note takes the same way as a message, in the same order, to its own command
    const result = item.note ? await request(socket(), 'note:add', input) : await request(socket(), 'message:send', input);
    if (result.ok) await deliver(result.data);
    else if (!RETRYABLE.includes(result.error)) await db.outbox.update(item.clientId, { failed: result.error });
    return result;
  }

  return {
    async enqueue(conversationId, body, note = false) {
      const item = await db.transaction('rw', db.outbox, async () => {
        // Strictly increasing, so two messages written in the same millisecond keep their order.
        const newest = await db.outbox.orderBy('createdAt').last();
        const createdAt = Math.max(Date.now(), (newest?.createdAt ?? 0) + 1);
        const fresh: OutboxItem = { clientId: timeOrderedId(createdAt), conversationId, body, createdAt, ...(note ? { note: true as const } : {}) };
        await db.outbox.put(fresh);
        return fresh;
      });
      if (!socket()) return { ok: true, data: { clientId: item.clientId, delivered: false } };
      const result = await sending.run(() => send(item));
      if (result.ok) return { ok: true, data: { clientId: item.clientId, delivered: true } };
      if (RETRYABLE.includes(result.error)) return { ok: true, data: { clientId: item.clientId, delivered: false } };
      return result;
    },
    flush() {
      return sending.run(async () => {
        const waiting = await db.outbox.orderBy('createdAt').filter((item) => !item.failed).toArray();
        for (const item of waiting) {
          const result = await send(item);
          if (!result.ok && (result.error === 'offline' || result.error === 'timeout')) return;
        }
      });
    },
    async discard(clientId) {
      await db.transaction('rw', db.outbox, async () => {
        if ((await db.outbox.get(clientId))?.failed) await db.outbox.delete(clientId);
      });
    },
  };
}
