/** Every fact the server pushes lands in the cache (and the alerts), in arrival order. */
import type { MessageDTO } from '../../protocol/dto.ts';
import { db } from '../../utils/db.ts';
import { agentItem } from '../../utils/storage.ts';
import { refreshOfferAlerts } from './alerts.ts';
import { upsertConversations } from './cache.ts';
import { updateOfferNotification } from './notifications.ts';
import type { SerialQueue } from './queue.ts';
import type { AgentSocket } from './socket.ts';
import { alertReceivedMessages, storeReceivedMessages } from './sync.ts';

export interface ServerEventContext {
  queue: SerialQueue;
  /** a catch-up pull; runs inside the queue task that calls it */
  pull(): Promise<unknown>;
}

export function bindServerEvents(socket: AgentSocket, { queue, pull }: ServerEventContext): void {
  // Group commit: messages that arrive while earlier writes run join one batch, one transaction.
  let batch: MessageDTO[] = [];
  let unalerted: MessageDTO[] = [];
  const write = async () => {
    const messages = batch;
    batch = [];
    const { stored, gap } = await storeReceivedMessages(messages);
    unalerted.push(...stored);
    if (gap) await pull();
    // More arrived meanwhile and are stored next: the notifications and the badge follow the last
    // batch of a burst once, instead of standing between its batches and the screen.
    if (batch.length > 0) return;
    const due = unalerted;
    unalerted = [];
    await alertReceivedMessages(due);
  };

  socket.on('offer:created', (offer) =>
    queue.push(async () => {
      await db.offers.put(offer);
      await refreshOfferAlerts();
    }),
  );
  // only an offer still pending changes: an update that arrives after the offer ended brings nothing back
  socket.on('offer:updated', (offer) =>
    queue.push(async () => {
      if (await db.offers.update(offer.id, { firstMessage: offer.firstMessage, page: offer.page })) await updateOfferNotification(offer);
    }),
  );
  socket.on('offer:ended', ({ offerId }) =>
    queue.push(async () => {
      await db.offers.delete(offerId);
      await refreshOfferAlerts();
    }),
  );
  socket.on('conversation:assigned', (conversation) => queue.push(() => upsertConversations([conversation])));
  socket.on('conversation:ended', (conversation) => queue.push(() => upsertConversations([conversation])));
  const receive = (messages: readonly MessageDTO[]) => {
    if (messages.length === 0) return;
    const idle = batch.length === 0;
    batch.push(...messages);
    if (idle) queue.push(write);
  };
  socket.on('message:created', (message) => receive([message]));
  // the server sends what one commit stored to this agent as one event
  socket.on('messages:created', receive);
  socket.on('typing:updated', (update) =>
    queue.push(() => db.typing.put({ conversationId: update.conversationId, author: update.author, typing: update.typing, at: Date.now() })),
  );
  socket.on('agent:updated', (agent) => queue.push(() => agentItem.setValue(agent)));
}
