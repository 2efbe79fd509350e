/**
 * An admin reads any chat, read-only (SPEC R23): the one exception to R8, and every look is written
 * to the audit log in the same transaction as the read.
 */
import { CommandError } from '../../protocol/ack.ts';
import type { ConversationTranscript } from '../../protocol/inbox.ts';
import { findConversation, getConversationDTO } from '../db/conversations.ts';
import { toMessageDTO } from '../db/messages.ts';
import { inTransaction } from '../db/tx.ts';
import { recordAudit } from './audit.ts';
import type { ServiceDeps } from './deps.ts';

export function viewChatAsAdmin(deps: Pick<ServiceDeps, 'db' | 'clock'>, adminId: string, conversationId: string): Promise<ConversationTranscript> {
  return inTransaction(deps.db, async (trx) => {
    const row = await findConversation(trx, conversationId);
    if (!row) throw new CommandError('not_found');
    const messages = await trx.selectFrom('messages').selectAll().where('conversation_id', '=', conversationId).orderBy('seq').execute();
    await recordAudit(trx, deps.clock, {
      actorId: adminId,
      action: 'chat.view',
      targetId: conversationId,
      before: null,
      after: { status: row.status, agentId: row.agent_id },
    });
    return { conversation: await getConversationDTO(trx, conversationId), messages: messages.map(toMessageDTO) };
  });
}
