/**
 * The inbox's reads: pages of the conversation list, transcripts and visitor histories are fetched from
 * the server (which applies SPEC R8) and written into the cache in one transaction each.
 */
import type { ConversationListInput, TypingSetInput, VisitorHistory } from '../../protocol/inbox.ts';
import { db } from '../../utils/db.ts';
import type { CommandResult } from '../../utils/messaging.ts';
import { refreshOfferAlerts } from './alerts.ts';
import { putMessages, upsertConversations } from './cache.ts';
import { clearMessageNotification } from './message-alerts.ts';
import type { Connection } from './connection.ts';
import type { SerialQueue } from './queue.ts';
import { request } from './socket.ts';
import { applyRead } from './toolkit.ts';

export interface InboxActions {
  list(input: ConversationListInput): Promise<CommandResult<{ ids: string[]; nextCursor: string | null }>>;
  open(conversationId: string): Promise<CommandResult<null>>;
  history(visitorId: string): Promise<CommandResult<VisitorHistory>>;
  setTyping(input: TypingSetInput): Promise<CommandResult<null>>;
  markRead(conversationId: string): Promise<CommandResult<null>>;
}

export function createInboxActions({ connection, queue }: { connection: Connection; queue: SerialQueue }): InboxActions {
  return {
    async list(input) {
      const result = await request(await connection.ready(), 'conversation:list', input);
      if (!result.ok) return result;
      await queue.run(() => upsertConversations(result.data.items));
      return { ok: true, data: { ids: result.data.items.map((c) => c.id), nextCursor: result.data.nextCursor } };
    },

    async open(conversationId) {
      const result = await request(await connection.ready(), 'conversation:open', { conversationId });
      if (!result.ok) return result;
      await queue.run(() =>
        db.transaction('rw', [db.conversations, db.messages, db.outbox], async () => {
          await upsertConversations([result.data.conversation]);
          await putMessages(result.data.messages);
        }),
      );
      return { ok: true, data: null };
    },

    history: async (visitorId) => request(await connection.ready(), 'visitor:history', { visitorId }),

    setTyping: (input) => request(connection.socket(), 'typing:set', input),

    async markRead(conversationId) {
      const read = await queue.run(async () => {
        await db.conversations.where('id').equals(conversationId).modify((c) => {
          c.readSeq = c.lastSeq;
        });
        await clearMessageNotification(conversationId);
        await refreshOfferAlerts();
        return db.conversations.get(conversationId);
      });
      // the server learns it too, for the agent's other sockets and the visitor's "Seen"; an answer
      // that never comes changes nothing here, the next read sends the mark again
      if (read?.status === 'active' && (read.agentReadSeq ?? 0) < read.lastSeq) {
        void request(connection.socket(), 'conversation:read', { conversationId, seq: read.lastSeq }).then((result) =>
          result.ok ? queue.run(() => applyRead(result.data)) : undefined,
        );
      }
      return { ok: true, data: null };
    },
  };
}
