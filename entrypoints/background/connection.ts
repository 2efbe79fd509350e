/**
 * The worker's one connection to the server: opened when signed in, re-opened by socket.io's backoff
 * and by the alarm after the worker was stopped, and reported to the side panel through storage.
 */
import { connectionItem, serverUrlItem, tokenItem, type ConnectionStatus } from '../../utils/storage.ts';
import { openAgentSocket, type AgentSocket, type SocketFactory } from './socket.ts';

export interface ConnectionDeps {
  factory?: SocketFactory;
  /** listens to the server's events on a new socket */
  bind(socket: AgentSocket): void;
  /** catches up after each connect; false leaves the connection marked as syncing, to retry later */
  onConnect(socket: AgentSocket): Promise<boolean>;
  /** the server refused the token: it is dead */
  onUnauthorized(): Promise<void>;
}

export interface Connection {
  /** the socket when connected, else null */
  socket(): AgentSocket | null;
  /** Connects if signed in and not connected; retries a catch-up that failed. */
  ensure(): Promise<void>;
  close(): Promise<void>;
}

export function createConnection(deps: ConnectionDeps): Connection {
  let current: AgentSocket | null = null;
  let synced = false;
  let opening: Promise<void> | null = null;
  /** bumped by close(), so an open() still reading storage does not resurrect a closed connection */
  let generation = 0;

  const setStatus = (status: ConnectionStatus) => connectionItem.setValue({ status, since: Date.now() });

  async function catchUp(socket: AgentSocket): Promise<void> {
    await setStatus('syncing');
    synced = await deps.onConnect(socket);
    if (synced && socket === current && socket.connected) await setStatus('online');
  }

  function listen(socket: AgentSocket): void {
    socket.on('connect', () => {
      catchUp(socket).catch(console.error);
    });
    socket.on('disconnect', () => {
      synced = false;
      // active: socket.io will reconnect by itself; otherwise the alarm brings it back.
      setStatus(socket.active ? 'connecting' : 'offline').catch(console.error);
    });
    socket.on('connect_error', (error) => {
      if (error.message === 'unauthorized') deps.onUnauthorized().catch(console.error);
      else setStatus(socket.active ? 'connecting' : 'offline').catch(console.error);
    });
    deps.bind(socket);
  }

  async function open(): Promise<void> {
    const started = generation;
    const [serverUrl, token] = await Promise.all([serverUrlItem.getValue(), tokenItem.getValue()]);
    if (started !== generation) return;
    if (!serverUrl || !token) {
      await setStatus('offline');
      return;
    }
    const socket = openAgentSocket(serverUrl, token, deps.factory);
    current = socket;
    listen(socket);
    await setStatus('connecting');
  }

  return {
    socket: () => (current?.connected ? current : null),
    async ensure() {
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
    },
    async close() {
      generation++;
      const socket = current;
      current = null;
      synced = false;
      socket?.removeAllListeners();
      socket?.disconnect();
      await setStatus('offline');
    },
  };
}
