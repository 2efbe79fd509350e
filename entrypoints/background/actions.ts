/**
 * What the agent can do, whether asked from the side panel or from a notification button. Each answer
 * from the server is written into the cache at once; the broadcast that follows changes nothing more.
 * A command pressed while the socket is down waits for the connection (COMMAND_WAIT_MS), then runs or
 * answers `offline`: it never vanishes. Messages wait in the outbox instead, for as long as it takes.
 */
import type { AgentDTO, ConversationDTO } from '../../protocol/dto.ts';
import { db } from '../../utils/db.ts';
import type { CommandResult, SentMessage } from '../../utils/messaging.ts';
import { agentItem } from '../../utils/storage.ts';
import { refreshOfferAlerts } from './alerts.ts';
import { upsertConversations } from './cache.ts';
import type { Connection } from './connection.ts';
import type { Outbox } from './outbox.ts';
import type { SerialQueue } from './queue.ts';
import { request } from './socket.ts';

export interface ActionDeps {
  connection: Connection;
  queue: SerialQueue;
  outbox: Outbox;
}

export interface Actions {
  /** The side panel opened: connect now if signed in (the worker may have just started). */
  connect(): Promise<CommandResult<null>>;
  setAvailability(available: boolean): Promise<CommandResult<AgentDTO>>;
  acceptOffer(offerId: string): Promise<CommandResult<ConversationDTO>>;
  declineOffer(offerId: string): Promise<CommandResult<null>>;
  sendMessage(conversationId: string, body: string, note?: boolean): Promise<CommandResult<SentMessage>>;
  discardMessage(clientId: string): Promise<CommandResult<null>>;
  endConversation(conversationId: string): Promise<CommandResult<ConversationDTO>>;
}

function markSeen(conversationId: string) {
  return db.conversations.where('id').equals(conversationId).modify((c) => {
    c.readSeq = Math.max(c.readSeq ?? 0, c.lastSeq);
  });
}

export function createActions({ connection, queue, outbox }: ActionDeps): Actions {
  /** The offer is over for this agent (answered, or no longer pending): drop it and its alerts. */
  const forgetOffer = (offerId: string) =>
    queue.run(async () => {
      await db.offers.delete(offerId);
      await refreshOfferAlerts();
    });

  return {
    async connect() {
      await connection.ensure();
      return { ok: true, data: null };
    },

    async setAvailability(available) {
      const result = await request(await connection.ready(), 'availability:set', { available });
      if (result.ok) await agentItem.setValue(result.data);
      return result;
    },

    async acceptOffer(offerId) {
      const result = await request(await connection.ready(), 'offer:accept', { offerId });
      // accepting follows reading the offer: what it showed counts as seen
      if (result.ok) await queue.run(() => upsertConversations([result.data]).then(() => markSeen(result.data.id)));
      if (result.ok || result.error === 'offer_expired') await forgetOffer(offerId);
      return result;
    },

    async declineOffer(offerId) {
      const result = await request(await connection.ready(), 'offer:decline', { offerId });
      if (result.ok || result.error === 'offer_expired') await forgetOffer(offerId);
      return result;
    },

    sendMessage(conversationId, body, note) {
      void connection.ensure();
      return outbox.enqueue(conversationId, body, note);
    },

    async discardMessage(clientId) {
      await outbox.discard(clientId);
      return { ok: true, data: null };
    },

    async endConversation(conversationId) {
      const result = await request(await connection.ready(), 'conversation:end', { conversationId });
      if (result.ok) await queue.run(() => upsertConversations([result.data]));
      return result;
    },
  };
}
