/**
 * The agent's socket.io connection and the one way commands go over it: emit with an ack and a
 * deadline, answering with a client code instead of throwing when the server cannot answer.
 */
import { io, type ManagerOptions, type Socket, type SocketOptions } from 'socket.io-client';
import type { AckCallback } from '../../protocol/ack.ts';
import { NAMESPACES, type AgentClientToServerEvents, type AgentServerToClientEvents, type HandshakeAuth } from '../../protocol/events.ts';
import { commandFail, type CommandResult } from '../../utils/messaging.ts';

export type AgentSocket = Socket<AgentServerToClientEvents, AgentClientToServerEvents>;
export type SocketFactory = (uri: string, options: Partial<ManagerOptions & SocketOptions>) => AgentSocket;

export const ACK_TIMEOUT_MS = 10_000;

type Commands = AgentClientToServerEvents;
export type CommandName = keyof Commands;
export type CommandInput<E extends CommandName> = Parameters<Commands[E]>[0];
export type CommandData<E extends CommandName> = Parameters<Commands[E]>[1] extends AckCallback<infer T> ? T : never;

/** Called before every handshake, reconnections included, so each one carries the newest access token. */
export type HandshakeAuthSource = (send: (auth: HandshakeAuth) => void) => void;

export function openAgentSocket(serverUrl: string, auth: HandshakeAuthSource, factory: SocketFactory = io): AgentSocket {
  // A server behind a path prefix (https://host/chat) serves socket.io under that prefix; in the URL
  // given to io() a path would be read as the namespace, so it goes into the `path` option instead.
  const url = new URL(serverUrl);
  const prefix = url.pathname.replace(/\/+$/, '');
  // websocket only: a service worker has no XMLHttpRequest for the polling transport.
  return factory(`${url.origin}${NAMESPACES.agent}`, {
    transports: ['websocket'],
    auth,
    ...(prefix ? { path: `${prefix}/socket.io` } : {}),
  });
}

/** Only emits on a live connection: socket.io would otherwise buffer and replay it on reconnect. */
export async function request<E extends CommandName>(
  socket: AgentSocket | null,
  event: E,
  input: CommandInput<E>,
): Promise<CommandResult<CommandData<E>>> {
  if (!socket?.connected) return commandFail('offline');
  const emitter = socket.timeout(ACK_TIMEOUT_MS) as unknown as {
    emitWithAck(event: E, input: CommandInput<E>): Promise<CommandResult<CommandData<E>>>;
  };
  try {
    return await emitter.emitWithAck(event, input);
  } catch {
    return commandFail(socket.connected ? 'timeout' : 'offline');
  }
}
