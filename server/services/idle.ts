/** Idle chats (SPEC R19): an active chat without a message from either side for the idle timeout in force ends. */
import { sql } from 'kysely';
import { releaseChatSlot } from '../db/capacity.ts';
import { closeConversation } from '../db/chat-facts.ts';
import { getConversationDTO, lockConversation, toVisitorConversationDTO } from '../db/conversations.ts';
import { toMessageDTO } from '../db/messages.ts';
import { inTransaction } from '../db/tx.ts';
import type { ServiceDeps } from './deps.ts';
import { settingInForce } from './routing-settings.ts';
import { appendNotice } from './notices.ts';
import { withdrawTransfer } from './transfers.ts';
import { announceMessage, toAgent, toVisitor, type Delivery } from './outcome.ts';

const IDLE_BATCH = 100;

/** Ends every chat idle past the limit; conditional, so two sweeping processes end each once. */
export async function endIdleChats(deps: ServiceDeps): Promise<Delivery[]> {
  const timeoutMs = await settingInForce(deps.db, deps.config, 'idleTimeoutMs');
  const cutoff = deps.clock.now() - timeoutMs;
  const lastActivity = sql<number>`coalesce(last_activity_at, created_at)`;
  const idle = await deps.db
    .selectFrom('conversations')
    .select('id')
    .where('status', '=', 'active')
    .where(lastActivity, '<=', cutoff)
    .limit(IDLE_BATCH)
    .execute();
  const events: Delivery[] = [];
  for (const { id } of idle) {
    events.push(
      ...(await inTransaction(deps.db, async (trx) => {
        const now = deps.clock.now();
        const conversation = await lockConversation(trx, id);
        if (conversation?.status !== 'active' || (conversation.last_activity_at ?? conversation.created_at) > cutoff) return [];
        await closeConversation(trx, id, { status: 'ended', now, endedBy: 'system', from: ['active'] });
        if (conversation.agent_id) {
          await releaseChatSlot(trx, conversation.agent_id);
        }
        const withdrawn = await withdrawTransfer(trx, deps, id);
        const message = await appendNotice(trx, id, { kind: 'idle_ended', minutes: Math.round(timeoutMs / 60_000) }, now);
        const ended = await getConversationDTO(trx, id);
        const out: Delivery[] = [...withdrawn, toVisitor(conversation.visitor_id, 'conversation:updated', toVisitorConversationDTO(ended))];
        if (conversation.agent_id) out.push(toAgent(conversation.agent_id, 'conversation:ended', ended));
        if (message) out.push(...announceMessage(conversation, toMessageDTO(message)));
        return out;
      })),
    );
  }
  return events;
}
