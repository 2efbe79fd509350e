/**
 * The worker's one connection to the server: opened when signed in, re-opened by socket.io's backoff
 * and by every wake-up of the worker (alarm, browser start, side panel, notification click), kept busy
 * by a heartbeat so Chrome counts the worker as active, and reported to the side panel through storage.
 */
import { startKeepAlive, stopKeepAlive } from './alarms.ts';
import { connectionItem, serverUrlItem, type ConnectionStatus } from '../../utils/storage.ts';
import { openAgentSocket, request, type AgentSocket, type HandshakeAuthSource, type SocketFactory } from './socket.ts';
import type { Tokens } from './tokens.ts';

/**
 * Chrome (116+) keeps an extension worker alive while its WebSocket carries a message at least every
 * 30 s. socket.io's own ping comes from the server (25 s by default, the server's choice); this one is
 * the client's, well inside the 30 s whatever the server is configured to.
 */
export const HEARTBEAT_MS = 20_000;
/** How long a command pressed while the socket is down waits for it before failing as `offline`. */
export const COMMAND_WAIT_MS = 15_000;
/** At most one immediate reconnect after the server closed the connection on purpose, per this long. */
export const EVICTION_RETRY_MS = 5_000;

export interface ConnectionDeps {
  factory?: SocketFactory;
  tokens: Pick<Tokens, 'access' | 'renew'>;
  /** listens to the server's events on a new socket */
  bind(socket: AgentSocket): void;
  /** catches up after each connect; false leaves the connection marked as syncing, to retry later */
  onConnect(socket: AgentSocket): Promise<boolean>;
  /** the sign-in is over: the server refused its refresh token, or a freshly renewed access token */
  onUnauthorized(): Promise<void>;
}

export interface Connection {
  /** the socket when connected, else null */
  socket(): AgentSocket | null;
  /** Connects if signed in and not connected; retries a catch-up that failed. */
  ensure(): Promise<void>;
  /**
   * The connected socket, connecting first if needed and waiting up to `waitMs` for it; null when
   * signed out, closed meanwhile, or still not connected by then.
   */
  ready(waitMs?: number): Promise<AgentSocket | null>;
  close(): Promise<void>;
}

const isUp = (status: ConnectionStatus) => status === 'online';

/** One socket's handshakes: the socket (once made) and the access token its last handshake carried. */
interface Handshake {
  socket: AgentSocket | null;
  carried: string;
}

export function createConnection(deps: ConnectionDeps): Connection {
  let current: AgentSocket | null = null;
  let synced = false;
  let opening: Promise<void> | null = null;
  /** the access token a renewal gave and no handshake has accepted yet: if one refuses it too, the sign-in is over */
  let renewed: string | null = null;
  /** when the server last closed the connection on purpose and we asked again at once */
  let evictedAt = Number.NEGATIVE_INFINITY;
  /** bumped by close(), so an open() still reading storage does not resurrect a closed connection */
  let generation = 0;
  let heartbeat: ReturnType<typeof setInterval> | undefined;
  /** commands waiting for a connection: called with the socket once it connects, or null */
  const waiting = new Set<(socket: AgentSocket | null) => void>();

  /**
   * `since` is when the link came up, or when it went down: it stays put while a down link moves
   * between connecting, syncing and offline, so the panel can say "offline since 10:42".
   */
  async function setStatus(status: ConnectionStatus): Promise<void> {
    const previous = await connectionItem.getValue();
    if (previous.status === status) return;
    const keep = previous.since > 0 && !isUp(previous.status) && !isUp(status);
    await connectionItem.setValue({ status, since: keep ? previous.since : Date.now() });
  }

  function release(socket: AgentSocket | null): void {
    for (const resolve of [...waiting]) resolve(socket);
  }

  function stopHeartbeat(): void {
    clearInterval(heartbeat);
    heartbeat = undefined;
  }

  function startHeartbeat(socket: AgentSocket): void {
    stopHeartbeat();
    heartbeat = setInterval(() => {
      if (socket === current && socket.connected) void request(socket, 'presence:ping', {});
    }, HEARTBEAT_MS);
  }

  async function catchUp(socket: AgentSocket): Promise<void> {
    await setStatus('syncing');
    synced = await deps.onConnect(socket);
    if (synced && socket === current && socket.connected) await setStatus('online');
  }

  /** What each handshake carries, reconnections included: the newest access token, renewed when about to expire. */
  function handshakeAuth(handshake: Handshake): HandshakeAuthSource {
    return (send) => {
      deps.tokens.access().then(
        (answer) => {
          const socket = handshake.socket;
          if (answer.kind === 'token') {
            handshake.carried = answer.token;
            send({ token: answer.token });
          } else if (answer.kind === 'refused') {
            void deps.onUnauthorized().catch(console.error);
          } else if (socket && socket === current) {
            // nothing to sign the handshake with now: this attempt ends, the next wake-up tries again
            socket.disconnect();
            void setStatus('offline').catch(console.error);
          }
        },
        (error: unknown) => console.error(error),
      );
    };
  }

  /** A handshake was refused as unauthorized: renew the access token once and try again. */
  async function renewAndReconnect(socket: AgentSocket, refused: string): Promise<void> {
    if (refused === renewed) return deps.onUnauthorized();
    const answer = await deps.tokens.renew(refused);
    if (socket !== current) return;
    if (answer.kind === 'refused') return deps.onUnauthorized();
    if (answer.kind !== 'token') return setStatus('offline');
    renewed = answer.token;
    socket.connect();
  }

  function listen(socket: AgentSocket, handshake: Handshake): void {
    socket.on('connect', () => {
      renewed = null;
      startHeartbeat(socket);
      release(socket);
      catchUp(socket).catch(console.error);
    });
    socket.on('disconnect', (reason) => {
      synced = false;
      stopHeartbeat();
      // The server closed this connection on purpose (the agent was disabled, a sign-in revoked): ask
      // again at once, so that the handshake says why and a refusal signs the agent out now, not at the
      // next wake-up. Once per EVICTION_RETRY_MS, so a server that keeps closing cannot make a loop.
      const now = Date.now();
      if (reason === 'io server disconnect' && socket === current && now - evictedAt >= EVICTION_RETRY_MS) {
        evictedAt = now;
        socket.connect();
        setStatus('connecting').catch(console.error);
        return;
      }
      // active: socket.io will reconnect by itself; otherwise the next wake-up brings it back.
      setStatus(socket.active ? 'connecting' : 'offline').catch(console.error);
    });
    socket.on('connect_error', (error) => {
      if (error.message === 'unauthorized') renewAndReconnect(socket, handshake.carried).catch(console.error);
      else setStatus(socket.active ? 'connecting' : 'offline').catch(console.error);
    });
    deps.bind(socket);
  }

  async function open(): Promise<void> {
    const started = generation;
    const serverUrl = await serverUrlItem.getValue();
    const first = serverUrl ? await deps.tokens.access() : { kind: 'none' as const };
    if (started !== generation) return;
    if (first.kind === 'refused') return deps.onUnauthorized();
    if (first.kind !== 'token' || !serverUrl) {
      release(null);
      // unreachable: the keep-alive alarm's wake-ups try again
      await Promise.all([setStatus('offline'), first.kind === 'none' ? stopKeepAlive() : startKeepAlive()]);
      return;
    }
    const handshake: Handshake = { socket: null, carried: first.token };
    const socket = openAgentSocket(serverUrl, handshakeAuth(handshake), deps.factory);
    handshake.socket = socket;
    current = socket;
    listen(socket, handshake);
    await Promise.all([setStatus('connecting'), startKeepAlive()]);
  }

  async function ensure(): Promise<void> {
    if (opening) return opening;
    if (!current) {
      opening = open().finally(() => (opening = null));
      return opening;
    }
    if (!current.connected) {
      if (!current.active) current.connect();
      return;
    }
    if (!synced) await catchUp(current);
  }

  return {
    socket: () => (current?.connected ? current : null),
    ensure,
    async ready(waitMs = COMMAND_WAIT_MS) {
      if (current?.connected) return current;
      return new Promise<AgentSocket | null>((resolve) => {
        const done = (socket: AgentSocket | null) => {
          clearTimeout(timer);
          waiting.delete(done);
          resolve(socket);
        };
        const timer = setTimeout(() => done(current?.connected ? current : null), waitMs);
        waiting.add(done);
        ensure().then(
          () => {
            if (current?.connected) done(current);
            else if (!current && !opening) done(null);
          },
          () => done(null),
        );
      });
    },
    async close() {
      generation++;
      const socket = current;
      current = null;
      synced = false;
      stopHeartbeat();
      release(null);
      socket?.removeAllListeners();
      socket?.disconnect();
      await Promise.all([setStatus('offline'), stopKeepAlive()]);
    },
  };
}
