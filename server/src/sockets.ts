/** The socket.io server with its two typed namespaces. */
import type { Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';
import { NAMESPACES } from '../../protocol/events.ts';
import { registerAgentHandlers, registerAgentMiddleware } from '../handlers/agent.ts';
import type { CommandContext } from '../handlers/command.ts';
import { agentRoom, sessionRoom, visitorRoom, type AgentNamespace, type VisitorNamespace } from '../handlers/types.ts';
import { registerVisitorHandlers, registerVisitorMiddleware } from '../handlers/visitor.ts';
import type { ServiceDeps } from '../services/deps.ts';
import type { Rooms } from '../services/outcome.ts';
import type { AppConfig } from './config.ts';
import type { Logger } from './logger.ts';
import { originAllowed } from './origins.ts';

export interface Sockets {
  io: Server;
  rooms: Rooms;
  ctx: CommandContext;
  /** disconnects every socket opened with the token whose hash is given */
  closeSession(tokenHash: string): void;
}

const DELIBERATE = new Set(['client namespace disconnect', 'server namespace disconnect', 'server shutting down']);

/** Frames above this are cut by engine.io itself; payloads above LIMITS.maxPayloadBytes get an ack. */
const MAX_HTTP_BUFFER = 64 * 1024;

export function createSockets(
  httpServer: HttpServer,
  config: Pick<AppConfig, 'siteOrigins' | 'agentOrigins'>,
  services: ServiceDeps,
  logger: Logger,
): Sockets {
  const io = new Server(httpServer, {
    maxHttpBufferSize: MAX_HTTP_BUFFER,
    // the widget may start with long-polling, which is a cross-origin XHR from the customer's site
    cors: { origin: (origin, callback) => callback(null, originAllowed(config.siteOrigins, origin)) },
  });
  // socket.io types one event map per server; each namespace here has its own contract
  const agents = io.of(NAMESPACES.agent) as unknown as AgentNamespace;
  const visitors = io.of(NAMESPACES.visitor) as unknown as VisitorNamespace;

  const rooms: Rooms = {
    agent: (agentId) => agents.to(agentRoom(agentId)),
    visitor: (visitorId) => visitors.to(visitorRoom(visitorId)),
  };
  const ctx: CommandContext = { rooms, logger };

  const agentDeps = { services, ctx, agentOrigins: config.agentOrigins };
  registerAgentMiddleware(agents, agentDeps);
  agents.on('connection', (socket) => {
    const agentId = socket.data.userId;
    services.presence.connected(agentId);
    // a returning agent may take queued chats
    services.wake();
    // a deliberate close (sign-out, revoked token) ends presence at once; a dropped connection gets the grace period
    socket.on('disconnect', (reason) => services.presence.disconnected(agentId, !DELIBERATE.has(reason)));
    registerAgentHandlers(socket, agentDeps);
  });

  const visitorDeps = { services, ctx, siteOrigins: config.siteOrigins };
  registerVisitorMiddleware(visitors, visitorDeps);
  visitors.on('connection', (socket) => registerVisitorHandlers(socket, visitorDeps));

  return {
    io,
    rooms,
    ctx,
    closeSession: (tokenHash) => agents.in(sessionRoom(tokenHash)).disconnectSockets(true),
  };
}
