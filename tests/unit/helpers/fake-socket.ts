/**
 * A stand-in for socket.io-client's Socket at the module boundary: records what the worker emits,
 * answers acks with scripted replies, and lets a test play the server (connect, drop, push events).
 */
import type { AgentSocket, SocketFactory } from '../../../entrypoints/background/socket.ts';

type Handler = (...args: unknown[]) => void;
/** Returns the ack to send back; undefined means the server never answers (the emit times out). */
type Reply = (input: never) => unknown;

export class FakeSocket {
  connected = false;
  /** like socket.io: true while the socket will (re)connect by itself */
  active = true;
  connectCalls = 0;
  readonly emitted: { event: string; input: unknown }[] = [];
  readonly uri: string;
  readonly options: Record<string, unknown>;
  private readonly handlers = new Map<string, Handler[]>();
  private readonly replies = new Map<string, Reply>();

  constructor(uri: string, options: Record<string, unknown>) {
    this.uri = uri;
    this.options = options;
  }

  on(event: string, handler: Handler): this {
    this.handlers.set(event, [...(this.handlers.get(event) ?? []), handler]);
    return this;
  }

  removeAllListeners(): this {
    this.handlers.clear();
    return this;
  }

  connect(): this {
    this.connectCalls++;
    return this;
  }

  disconnect(): this {
    this.connected = false;
    this.active = false;
    this.fire('disconnect', 'io client disconnect');
    return this;
  }

  timeout(): { emitWithAck: (event: string, input: unknown) => Promise<unknown> } {
    return { emitWithAck: (event, input) => this.ask(event, input) };
  }

  /** Scripts the server's answer to a command. */
  reply(event: string, answer: Reply): void {
    this.replies.set(event, answer);
  }

  emittedOf(event: string): unknown[] {
    return this.emitted.filter((e) => e.event === event).map((e) => e.input);
  }

  // ----- the server's side -----
  /** What the client's next handshake carries: its `auth` option, called as socket.io calls it. */
  handshake(): Promise<unknown> {
    const auth = this.options.auth;
    if (typeof auth !== 'function') return Promise.resolve(auth);
    return new Promise((resolve) => (auth as (send: (data: unknown) => void) => void)(resolve));
  }

  open(): void {
    this.connected = true;
    this.fire('connect');
  }

  drop(): void {
    this.connected = false;
    this.fire('disconnect', 'transport close');
  }

  /** The server closes the connection on purpose: socket.io does not reconnect by itself then. */
  evict(): void {
    this.connected = false;
    this.active = false;
    this.fire('disconnect', 'io server disconnect');
  }

  refuse(message: string): void {
    this.active = false;
    this.fire('connect_error', new Error(message));
  }

  push(event: string, payload: unknown): void {
    this.fire(event, payload);
  }

  asSocket(): AgentSocket {
    return this as unknown as AgentSocket;
  }

  private fire(event: string, ...args: unknown[]): void {
    for (const handler of this.handlers.get(event) ?? []) handler(...args);
  }

  private async ask(event: string, input: unknown): Promise<unknown> {
    this.emitted.push({ event, input });
    const answer = await this.replies.get(event)?.(input as never);
    if (answer === undefined) throw new Error('operation has timed out');
    return answer;
  }
}

export function createFakeSocketFactory(): { factory: SocketFactory; sockets: FakeSocket[] } {
  const sockets: FakeSocket[] = [];
  const factory: SocketFactory = (uri, options) => {
    const socket = new FakeSocket(uri, options as Record<string, unknown>);
    sockets.push(socket);
    return socket.asSocket();
  };
  return { factory, sockets };
}
