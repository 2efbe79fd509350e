/**
 * Typing indicators: relayed to the other side of a conversation, never stored. Only a participant may
 * signal, and only while the chat is open.
 */
import { CommandError } from '../../protocol/ack.ts';
import type { TypingSetInput } from '../../protocol/inbox.ts';
import { findConversation } from '../db/conversations.ts';
import type { Actor } from './conversations.ts';
import type { ServiceDeps } from './deps.ts';
import type { Budget } from './rate-limit.ts';
import { toAgent, toVisitor, type Delivery, type Outcome } from './outcome.ts';

/** A widget sends typing on each pause and start; more than this per window is a misbehaving client. */
export const TYPING_LIMIT: Budget = { name: 'typing', max: 20, windowMs: 10_000 };

export async function setTyping(deps: ServiceDeps, actor: Actor, input: TypingSetInput): Promise<Outcome<null>> {
  const c = await findConversation(deps.db, input.conversationId);
  if (!c) throw new CommandError('not_found');
  const events: Delivery[] = [];
  if (actor.kind === 'visitor') {
    if (c.visitor_id !== actor.visitorId) throw new CommandError('not_found');
    if (c.status !== 'waiting' && c.status !== 'active') throw new CommandError('conversation_ended');
    if (c.agent_id && c.status === 'active') {
      events.push(toAgent(c.agent_id, 'typing:updated', { conversationId: c.id, author: 'visitor', typing: input.typing }));
    }
  } else {
    if (c.agent_id !== actor.agent.id) throw new CommandError('forbidden');
    if (c.status !== 'active') throw new CommandError('conversation_ended');
    events.push(toVisitor(c.visitor_id, 'typing:updated', { conversationId: c.id, author: 'agent', typing: input.typing }));
  }
  return { result: null, events };
}
