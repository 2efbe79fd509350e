/**
 * Unread counts and "seen": the chat's agent marks how far they have read (conversations.agent_read_seq,
 * which only moves forward); their other sockets learn the new unread count, the visitor learns the seq.
 */
import { CommandError } from '../../protocol/ack.ts';
import type { ConversationReadInput, ConversationReadUpdate } from '../../protocol/toolkit.ts';
import { getConversationDTO } from '../db/conversations.ts';
import { inTransaction } from '../db/tx.ts';
import type { UserRow } from '../db/users.ts';
import type { ServiceDeps } from './deps.ts';
import { toAgent, toVisitor, type Delivery, type Outcome } from './outcome.ts';

/** Only the chat's own agent reads for it; a seq past the last message counts as the last message. */
export async function markRead(deps: ServiceDeps, agent: UserRow, input: ConversationReadInput): Promise<Outcome<ConversationReadUpdate>> {
  return inTransaction(deps.db, async (trx) => {
    const conversation = await trx
      .selectFrom('conversations')
      .select(['id', 'agent_id', 'visitor_id', 'last_seq', 'agent_read_seq'])
      .where('id', '=', input.conversationId)
      .executeTakeFirst();
    if (!conversation) throw new CommandError('not_found');
    if (conversation.agent_id !== agent.id) throw new CommandError('forbidden');
    const seq = Math.min(input.seq, conversation.last_seq);
    const moved = await trx
      .updateTable('conversations')
      .set({ agent_read_seq: seq })
      .where('id', '=', conversation.id)
      .where('agent_read_seq', '<', seq)
      .executeTakeFirst();
    const dto = await getConversationDTO(trx, conversation.id);
    const update: ConversationReadUpdate = { conversationId: conversation.id, readSeq: dto.agentReadSeq ?? 0, unread: dto.unread ?? 0 };
    const events: Delivery[] = [];
    if (moved.numUpdatedRows === 1n) {
      events.push(toAgent(agent.id, 'unread:updated', update));
      events.push(toVisitor(conversation.visitor_id, 'conversation:seen', { conversationId: conversation.id, seq: update.readSeq }));
    }
    return { result: update, events };
  });
}
