/** The /visitor namespace: the widget on a customer's site. */
import { chatStartSchema, conversationRefSchema, messageSendSchema, visitorSyncSchema } from '../../protocol/schemas.ts';
import { findConversation, toVisitorConversationDTO } from '../db/conversations.ts';
import { verifyToken } from '../services/auth.ts';
import { endConversation, startChat } from '../services/conversations.ts';
import type { ServiceDeps } from '../services/deps.ts';
import { admitVisitorMessage, inArrivalOrder, rememberSites } from '../services/message-budgets.ts';
import { queueMessage } from '../services/message-writer.ts';
import type { SiteOrigins } from '../services/site-origins.ts';
import { visitorSync } from '../services/sync.ts';
import { command, type CommandContext } from './command.ts';
import { guardEvents, requireOrigin } from './guards.ts';
import { clientIp } from './http-io.ts';
import type { TrustProxy } from '../src/config.ts';
import { registerVisitorTyping } from './inbox.ts';
import { registerVisitorMeetingHandlers } from './meetings.ts';
import { registerVisitorToolkitHandlers } from './toolkit.ts';
import { visitorRoom, type VisitorNamespace, type VisitorSocket } from './types.ts';

export interface VisitorHandlerDeps {
  services: ServiceDeps;
  ctx: CommandContext;
  /** where the widget may run (services/site-origins.ts) */
  siteOrigins: SiteOrigins;
  trustProxy: TrustProxy;
}

/** Handshake: a configured site origin, an address within its connection budget, a valid visitor token. */
export function registerVisitorMiddleware(nsp: VisitorNamespace, deps: VisitorHandlerDeps): void {
  const siteAllowed = (origin: string | undefined) =>
    deps.siteOrigins.allows(origin).catch((error: unknown) => {
      deps.ctx.logger.error('site origin check failed', { error });
      throw error;
    });
  nsp.use(requireOrigin(siteAllowed, { sameOriginFallback: true }));
  nsp.use((socket, next) => {
    const address = clientIp(socket.request, deps.trustProxy);
    deps.services.limits.take(deps.services.config.visitorLimits.connectionsPerAddress, address).then(
      (allowed) => next(allowed ? undefined : new Error('rate_limited')),
      (error: unknown) => {
        deps.ctx.logger.error('visitor connection budget failed', { error });
        next(new Error('internal'));
      },
    );
  });
  nsp.use((socket, next) => {
    const token = (socket.handshake.auth as { token?: unknown }).token;
    verifyToken(deps.services.db, deps.services.clock, 'visitor', token).then(
      (visitorId) => {
        if (!visitorId) return next(new Error('unauthorized'));
        socket.data.visitorId = visitorId;
        // in the room before the widget hears "connected" (with the Redis adapter: subscribed to it), so
        // nothing another process emits to it right after is lost
        Promise.resolve(socket.join(visitorRoom(visitorId))).then(
          () => next(),
          (error: unknown) => {
            deps.ctx.logger.error('visitor room join failed', { error });
            next(new Error('internal'));
          },
        );
      },
      (error: unknown) => {
        deps.ctx.logger.error('visitor handshake failed', { error });
        next(new Error('internal'));
      },
    );
  });
}

export function registerVisitorHandlers(socket: VisitorSocket, deps: VisitorHandlerDeps): void {
  const { services, ctx } = deps;
  const visitorId = socket.data.visitorId;
  const actor = { kind: 'visitor', visitorId } as const;
  guardEvents(socket, ctx.logger);

  const address = clientIp(socket.request, deps.trustProxy);
  socket.on('chat:start', command(ctx, 'chat:start', chatStartSchema, (input) => startChat(services, { visitorId, address }, input)));
  socket.on('sync:pull', command(ctx, 'sync:pull', visitorSyncSchema, (input) => visitorSync(services, visitorId, input)));
  const siteOf = rememberSites(async (id) => (await findConversation(services.db, id))?.site_key);
  const inOrder = inArrivalOrder();
  socket.on(
    'message:send',
    command(ctx, 'message:send', messageSendSchema, (input) =>
      inOrder(
        () => admitVisitorMessage(services.limits, services.config.visitorLimits, visitorId, input, siteOf),
        () => queueMessage(services, actor, input),
      ),
    ),
  );
  socket.on(
    'conversation:end',
    command(ctx, 'conversation:end', conversationRefSchema, async (input) => {
      const { result, events } = await endConversation(services, actor, input.conversationId);
      return { result: toVisitorConversationDTO(result), events };
    }),
  );
  registerVisitorTyping(socket, deps);
  registerVisitorMeetingHandlers(socket, deps);
  registerVisitorToolkitHandlers(socket, deps);
}
