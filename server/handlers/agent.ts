/** The /agent namespace: the extension's background worker, one socket per signed-in browser. */
import {
  conversationRefSchema,
  messageSendSchema,
  offerRefSchema,
  presencePingSchema,
  syncPullSchema,
} from '../../protocol/schemas.ts';
import type { UserRow } from '../db/users.ts';
import { agentOfAccessToken } from '../services/agent-sessions.ts';
import { endConversation } from '../services/conversations.ts';
import type { ServiceDeps } from '../services/deps.ts';
import { queueMessage } from '../services/message-writer.ts';
import { acceptOffer, declineOffer } from '../services/offers.ts';
import { agentSync } from '../services/sync.ts';
import { registerAdminHandlers } from './admin.ts';
import { command, type CommandContext } from './command.ts';
import { registerAvailabilityHandlers } from './availability.ts';
import { guardEvents, requireOrigin } from './guards.ts';
import { registerInboxHandlers } from './inbox.ts';
import { registerAgentMeetingHandlers } from './meetings.ts';
import { registerAgentToolkitHandlers } from './toolkit.ts';
import { registerTransferHandlers } from './transfer.ts';
import type { AgentNamespace, AgentSocket } from './types.ts';

export interface AgentHandlerDeps {
  services: ServiceDeps;
  ctx: CommandContext;
  agentOrigins: readonly string[];
  /** the enabled agent of a live sign-in, else null: every command re-checks (services/agent-sessions.ts createSignInChecks) */
  checkSignIn: (sessionId: string) => Promise<UserRow | null>;
}

function tokenOf(socket: AgentSocket): unknown {
  return (socket.handshake.auth as { token?: unknown }).token;
}

/** Handshake: an extension origin, a valid, unexpired access token, an enabled agent. */
export function registerAgentMiddleware(nsp: AgentNamespace, deps: AgentHandlerDeps): void {
  nsp.use(requireOrigin(deps.agentOrigins));
  nsp.use((socket, next) => {
    agentOfAccessToken(deps.services.db, deps.services.clock, tokenOf(socket)).then(
      (signedIn) => {
        if (!signedIn) return next(new Error('unauthorized'));
        socket.data.userId = signedIn.agent.id;
        socket.data.sessionId = signedIn.sessionId;
        next();
      },
      (error: unknown) => {
        deps.ctx.logger.error('agent handshake failed', { error });
        next(new Error('internal'));
      },
    );
  });
}

export function registerAgentHandlers(socket: AgentSocket, deps: AgentHandlerDeps): void {
  const { services, ctx } = deps;
  const { sessionId } = socket.data;
  let agent: UserRow | null = null;

  // the agent's rooms were joined in the handshake (src/sockets.ts), before anyone could emit to them
  // each command re-checks the sign-in, not the access token: the socket may outlive the access token,
  // while a revoked sign-in (sign-out, refresh token reuse) or a disabled agent stops working at once
  guardEvents(socket, ctx.logger, async () => {
    agent = await deps.checkSignIn(sessionId);
    return agent !== null;
  });
  const me = (): UserRow => {
    if (!agent) throw new Error('agent command ran before its check');
    return agent;
  };

  socket.on('sync:pull', command(ctx, 'sync:pull', syncPullSchema, (input) => agentSync(services, me(), input)));
  socket.on('offer:accept', command(ctx, 'offer:accept', offerRefSchema, (input) => acceptOffer(services, me(), input.offerId)));
  socket.on('offer:decline', command(ctx, 'offer:decline', offerRefSchema, (input) => declineOffer(services, me(), input.offerId)));
  socket.on(
    'message:send',
    command(ctx, 'message:send', messageSendSchema, (input) => queueMessage(services, { kind: 'agent', agent: me() }, input)),
  );
  socket.on(
    'conversation:end',
    command(ctx, 'conversation:end', conversationRefSchema, (input) =>
      endConversation(services, { kind: 'agent', agent: me() }, input.conversationId),
    ),
  );
  socket.on('presence:ping', command(ctx, 'presence:ping', presencePingSchema, async () => ({ result: null, events: [] })));
  registerInboxHandlers(socket, deps, me);
  registerAvailabilityHandlers(socket, deps, me);
  registerAgentMeetingHandlers(socket, deps, me);
  registerAgentToolkitHandlers(socket, deps, me);
  registerTransferHandlers(socket, deps, me);
  registerAdminHandlers(socket, deps);
}
