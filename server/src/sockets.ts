/** The socket.io server with its two typed namespaces, and the agents' presence as sockets come and go. */
import type { Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';
import { NAMESPACES } from '../../protocol/events.ts';
import { registerAgentHandlers, registerAgentMiddleware } from '../handlers/agent.ts';
import type { CommandContext } from '../handlers/command.ts';
import { agentRoom, sessionRoom, visitorRoom, type AgentNamespace, type VisitorNamespace } from '../handlers/types.ts';
import { registerVisitorHandlers, registerVisitorMiddleware } from '../handlers/visitor.ts';
import { createSignInChecks } from '../services/agent-sessions.ts';
import type { ServiceDeps } from '../services/deps.ts';
import type { Effects } from '../services/outcome.ts';
import type { SiteOrigins } from '../services/site-origins.ts';
import { createAgentEmits } from './agent-emits.ts';
import type { AppConfig } from './config.ts';
import type { Logger } from './logger.ts';

export interface Sockets {
  io: Server;
  ctx: CommandContext;
  /** disconnects every socket opened under this sign-in, on every process */
  closeSession(sessionId: string): void;
  /** this process's agent sockets (socket id → agent id), including those still finishing their handshake */
  liveAgentSockets(): ReadonlyMap<string, string>;
  /** closes these sockets of this process (their agents were disabled, maybe from another process) */
  disconnectDisabledAgents(socketIds: readonly string[]): void;
  /** waits until no command is running (at most `ms`) */
  drain(ms: number): Promise<void>;
  /** closes every socket; presence is left to the caller (a shutdown is not the agents leaving) */
  close(): Promise<void>;
}

export interface SocketOptions {
  /** the socket.io adapter (Redis for several processes); the in-memory default otherwise */
  adapter?: Parameters<Server['adapter']>[0];
  scheduleSweep(): void;
  /** where the widget may run: the visitor handshake and the CORS answer of long-polling requests */
  siteOrigins: SiteOrigins;
}

const DELIBERATE = new Set(['client namespace disconnect', 'server namespace disconnect']);

/** Frames above this are cut by engine.io itself; payloads above LIMITS.maxPayloadBytes get an ack. */
const MAX_HTTP_BUFFER = 64 * 1024;

/** A handshake that never became a connection (the client left in between) stops counting after this. */
const JOINING_TIMEOUT_MS = 10_000;

export function createSockets(
  httpServer: HttpServer,
  config: Pick<AppConfig, 'agentOrigins' | 'trustProxy'>,
  services: ServiceDeps,
  logger: Logger,
  options: SocketOptions,
): Sockets {
  const io = new Server(httpServer, {
    maxHttpBufferSize: MAX_HTTP_BUFFER,
    // the widget may start with long-polling, which is a cross-origin XHR from the customer's site
    cors: {
      origin: (origin, callback) =>
        options.siteOrigins.allows(origin).then(
          (admitted) => callback(null, admitted),
          (error: unknown) => {
            logger.error('site origin check failed', { error });
            callback(null, false);
          },
        ),
    },
    ...(options.adapter ? { adapter: options.adapter } : {}),
  });
  // socket.io types one event map per server; each namespace here has its own contract
  const agents = io.of(NAMESPACES.agent) as unknown as AgentNamespace;
  const visitors = io.of(NAMESPACES.visitor) as unknown as VisitorNamespace;

  const agentEmits = createAgentEmits((agentId) => agents.to(agentRoom(agentId)));
  const effects: Effects = {
    agent: agentEmits.agent,
    visitor: (visitorId) => visitors.to(visitorRoom(visitorId)),
    scheduleSweep: options.scheduleSweep,
    disconnectAgent: (agentId) => {
      agentEmits.flush(agentId);
      agents.in(agentRoom(agentId)).disconnectSockets(true);
    },
  };
  const ctx: CommandContext = { effects, logger, running: new Set() };

  const joining = new Map<string, { agentId: string; at: number }>();
  let closing = false;

  const agentDeps = { services, ctx, agentOrigins: config.agentOrigins, checkSignIn: createSignInChecks(services.db, services.clock) };
  registerAgentMiddleware(agents, agentDeps);
  // last in the handshake: the agent is in their rooms (with the Redis adapter: subscribed to them, so
  // an event another process emits right after reaches them) and counts as reachable before their client
  // hears "connected", so a chat requested right after is offered to them, and they hear the offer
  agents.use((socket, next) => {
    const agentId = socket.data.userId;
    const rooms = [agentRoom(agentId), sessionRoom(socket.data.sessionId)];
    joining.set(socket.id, { agentId, at: Date.now() });
    Promise.resolve(socket.join(rooms))
      .then(() => services.presence.connected(agentId, socket.id))
      .then(
        () => next(),
        (error: unknown) => {
          joining.delete(socket.id);
          for (const room of rooms) void socket.leave(room);
          logger.error('agent presence failed', { error });
          next(new Error('internal'));
        },
      );
  });
  agents.on('connection', (socket) => {
    const agentId = socket.data.userId;
    joining.delete(socket.id);
    // a returning agent may take queued chats
    options.scheduleSweep();
    // a deliberate close (sign-out, revoked sign-in) ends presence at once; a dropped connection gets the grace period
    socket.on('disconnect', (reason) => {
      if (closing) return;
      const write = services.presence
        .disconnected(agentId, socket.id, !DELIBERATE.has(reason))
        .catch((error: unknown) => logger.error('agent presence failed', { error }));
      // a shutdown waits for it like for a command
      ctx.running.add(write);
      void write.finally(() => ctx.running.delete(write));
    });
    registerAgentHandlers(socket, agentDeps);
  });

  const visitorDeps = { services, ctx, siteOrigins: options.siteOrigins, trustProxy: config.trustProxy };
  registerVisitorMiddleware(visitors, visitorDeps);
  visitors.on('connection', (socket) => registerVisitorHandlers(socket, visitorDeps));

  return {
    io,
    ctx,
    closeSession: (sessionId) => agents.in(sessionRoom(sessionId)).disconnectSockets(true),
    liveAgentSockets() {
      const live = new Map<string, string>();
      for (const [id, socket] of agents.sockets) live.set(id, socket.data.userId);
      for (const [id, { agentId, at }] of joining) {
        if (Date.now() - at > JOINING_TIMEOUT_MS) joining.delete(id);
        else live.set(id, agentId);
      }
      return live;
    },
    disconnectDisabledAgents(socketIds) {
      for (const id of socketIds) agents.sockets.get(id)?.disconnect(true);
    },
    async drain(ms) {
      const deadline = Date.now() + ms;
      while (ctx.running.size > 0 && Date.now() < deadline) {
        await Promise.race([Promise.allSettled([...ctx.running]), new Promise((r) => setTimeout(r, Math.max(0, deadline - Date.now())))]);
      }
    },
    async close() {
      closing = true;
      // long-polling requests and idle keep-alive connections would hold the HTTP server open
      const ending = io.close();
      httpServer.closeAllConnections();
      await ending;
      // presence writes of disconnects that arrived while shutting down
      await Promise.allSettled([...ctx.running]);
    },
  };
}
