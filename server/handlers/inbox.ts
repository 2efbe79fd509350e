/** The inbox's commands (SPEC R8, R11, R18) and typing indicators, for both namespaces. */
import { CommandError } from '../../protocol/ack.ts';
import { conversationListSchema, conversationOpenSchema, typingSetSchema, visitorHistorySchema } from '../../protocol/inbox.ts';
import type { UserRow } from '../db/users.ts';
import type { Actor } from '../services/conversations.ts';
import type { ServiceDeps } from '../services/deps.ts';
import { listConversations, openConversation, visitorHistory } from '../services/inbox.ts';
import { setTyping, TYPING_LIMIT } from '../services/typing.ts';
import { command, type CommandContext } from './command.ts';
import type { AgentSocket, VisitorSocket } from './types.ts';

interface InboxDeps {
  services: ServiceDeps;
  ctx: CommandContext;
}

/** Typing over budget is refused, not relayed: it is only a hint, and a flood must not reach the other side. */
function typingCommand(deps: InboxDeps, actor: () => Actor) {
  return command(deps.ctx, 'typing:set', typingSetSchema, async (input) => {
    const who = actor();
    const key = who.kind === 'agent' ? `agent:${who.agent.id}` : `visitor:${who.visitorId}`;
    if (!(await deps.services.limits.take(TYPING_LIMIT, key))) throw new CommandError('rate_limited');
    return setTyping(deps.services, who, input);
  });
}

/** `me` is the agent checked by the namespace's per-event guard. */
export function registerInboxHandlers(socket: AgentSocket, deps: InboxDeps, me: () => UserRow): void {
  const { services, ctx } = deps;
  socket.on('conversation:list', command(ctx, 'conversation:list', conversationListSchema, (input) => listConversations(services, me(), input)));
  socket.on(
    'conversation:open',
    command(ctx, 'conversation:open', conversationOpenSchema, (input) => openConversation(services, me(), input.conversationId)),
  );
  socket.on('visitor:history', command(ctx, 'visitor:history', visitorHistorySchema, (input) => visitorHistory(services, me(), input.visitorId)));
  socket.on('typing:set', typingCommand(deps, () => ({ kind: 'agent', agent: me() })));
}

export function registerVisitorTyping(socket: VisitorSocket, deps: InboxDeps): void {
  const visitorId = socket.data.visitorId;
  socket.on('typing:set', typingCommand(deps, () => ({ kind: 'visitor', visitorId })));
}
