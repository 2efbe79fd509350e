/**
 * The widget's two ways to the server: the HTTP session call and the `/visitor` socket. The socket is
 * wrapped in a narrow interface so the chat logic can be tested with a fake.
 */
import { io, type Socket } from 'socket.io-client';
import type { VisitorSessionResult } from '../../../protocol/dto.ts';
import type { VisitorClientToServerEvents, VisitorServerToClientEvents } from '../../../protocol/events.ts';

/** How long a command waits for its ack before the widget treats it as lost and retries later. */
const ACK_TIMEOUT_MS = 10_000;

export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

/** The server does not serve the widget on this page's origin (not in its SITE_ORIGINS, not added by an admin): retrying cannot help. */
export class OriginRefused extends Error {}

export async function openSession(server: string, token: string | null, fetchFn: FetchLike): Promise<VisitorSessionResult> {
  const response = await fetchFn(`${server}/api/visitor/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(token ? { token } : {}),
    credentials: 'omit',
  });
  // only a refused origin answers 403 here; the server makes that answer readable to the page
  if (response.status === 403) throw new OriginRefused('this page’s origin is not allowed by the server');
  if (!response.ok) throw new Error(`visitor session failed with HTTP ${response.status}`);
  const data: unknown = await response.json();
  if (!isSessionResult(data)) throw new Error('visitor session answer has an unexpected shape');
  return data;
}

function isSessionResult(value: unknown): value is VisitorSessionResult {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.token === 'string' && v.token.length > 0 && (v.conversationId === null || typeof v.conversationId === 'string');
}

export type Command = keyof VisitorClientToServerEvents;
export type CommandInput<E extends Command> = Parameters<VisitorClientToServerEvents[E]>[0];
export type CommandAck<E extends Command> = Parameters<Parameters<VisitorClientToServerEvents[E]>[1]>[0];
export type ServerEvent = keyof VisitorServerToClientEvents;

export interface VisitorConnection {
  readonly connected: boolean;
  /** Resolves with the server's ack; rejects when offline or when no ack arrives in time. */
  command<E extends Command>(event: E, input: CommandInput<E>): Promise<CommandAck<E>>;
  on<E extends ServerEvent>(event: E, handler: VisitorServerToClientEvents[E]): void;
  onConnect(handler: () => void): void;
  onDisconnect(handler: () => void): void;
  /**
   * The server refused the handshake (for example an expired token) or closed the connection itself;
   * socket.io does not reconnect by itself after either.
   */
  onRefused(handler: () => void): void;
  connect(): void;
}

export function connectVisitor(server: string, getToken: () => string | null): VisitorConnection {
  // The token is read at every (re)connect, so a renewed session is picked up without a new socket.
  const socket: Socket<VisitorServerToClientEvents, VisitorClientToServerEvents> = io(`${server}/visitor`, {
    autoConnect: false,
    auth: (cb) => cb({ token: getToken() ?? '' }),
  });
  return {
    get connected() {
      return socket.connected;
    },
    command(event, input) {
      // Emitting while offline would queue the command in socket.io's buffer and send it again
      // beside the widget's own retry; the widget retries itself after reconnecting.
      if (!socket.connected) return Promise.reject(new Error('offline'));
      // socket.io's typings cannot follow a generic event name; this interface's signature types both ends.
      const timed = socket.timeout(ACK_TIMEOUT_MS) as unknown as { emitWithAck(e: string, i: unknown): Promise<unknown> };
      return timed.emitWithAck(event, input) as Promise<CommandAck<typeof event>>;
    },
    on(event, handler) {
      socket.on(event, handler as never);
    },
    onConnect: (handler) => void socket.on('connect', handler),
    onDisconnect: (handler) => void socket.on('disconnect', handler),
    onRefused(handler) {
      socket.on('connect_error', () => {
        if (!socket.active) handler();
      });
      socket.on('disconnect', (reason) => {
        if (reason === 'io server disconnect') handler();
      });
    },
    connect: () => void socket.connect(),
  };
}
