import type { Namespace, Server, Socket } from 'socket.io';
import type {
  AgentClientToServerEvents,
  AgentServerToClientEvents,
  AgentSocketData,
  InterServerEvents,
  VisitorClientToServerEvents,
  VisitorServerToClientEvents,
  VisitorSocketData,
} from '../../protocol/events.ts';

export type AgentNamespace = Namespace<AgentClientToServerEvents, AgentServerToClientEvents, InterServerEvents, AgentSocketData>;
export type AgentSocket = Socket<AgentClientToServerEvents, AgentServerToClientEvents, InterServerEvents, AgentSocketData>;
export type VisitorNamespace = Namespace<VisitorClientToServerEvents, VisitorServerToClientEvents, InterServerEvents, VisitorSocketData>;
export type VisitorSocket = Socket<VisitorClientToServerEvents, VisitorServerToClientEvents, InterServerEvents, VisitorSocketData>;

/** The server itself carries no event map: each namespace has its own (see server/src/sockets.ts). */
export type IoServer = Server;

export const agentRoom = (agentId: string) => `agent:${agentId}`;
export const visitorRoom = (visitorId: string) => `visitor:${visitorId}`;
/** Every socket opened under one sign-in, so ending the sign-in can close them all. */
export const sessionRoom = (sessionId: string) => `session:${sessionId}`;
