/**
 * The visitor's rating of a chat (SPEC R29): once the chat has ended, once per chat, 1–5 with an
 * optional comment. The chat's agent is told at once; the rating shows in their conversation DTO.
 */
import { CommandError } from '../../protocol/ack.ts';
import type { VisitorConversationDTO } from '../../protocol/dto.ts';
import type { ChatRateInput, RatingDTO } from '../../protocol/toolkit.ts';
import { findConversation, getConversationDTO, toVisitorConversationDTO } from '../db/conversations.ts';
import { inTransaction, isUniqueViolation } from '../db/tx.ts';
import type { ServiceDeps } from './deps.ts';
import { toAgent, type Outcome } from './outcome.ts';

/**
 * Unknown or someone else's chat → not_found; not ended yet → conflict; a missed chat (no agent to
 * rate) → forbidden; rated already → conflict. The unique key on the chat decides a race of two tabs.
 */
export async function rateChat(deps: ServiceDeps, visitorId: string, input: ChatRateInput): Promise<Outcome<VisitorConversationDTO>> {
  const conversation = await findConversation(deps.db, input.conversationId);
  if (!conversation || conversation.visitor_id !== visitorId) throw new CommandError('not_found');
  if (conversation.status === 'missed' || conversation.agent_id === null) throw new CommandError('forbidden');
  if (conversation.status !== 'ended') throw new CommandError('conflict');
  const rating: RatingDTO = { score: input.score, comment: input.comment ? input.comment : null, createdAt: deps.clock.now() };
  try {
    await inTransaction(deps.db, (trx) =>
      trx
        .insertInto('ratings')
        .values({ conversation_id: conversation.id, score: rating.score, comment: rating.comment, created_at: rating.createdAt })
        .execute(),
    );
  } catch (error) {
    if (isUniqueViolation(error)) throw new CommandError('conflict');
    throw error;
  }
  const dto = await getConversationDTO(deps.db, conversation.id);
  return {
    result: toVisitorConversationDTO(dto),
    events: [toAgent(conversation.agent_id, 'conversation:rated', { conversationId: conversation.id, rating })],
  };
}
