/**
 * Which agents count as connected. Routing offers chats only to them. An agent whose last socket was
 * lost (not closed on purpose) still counts for PRESENCE_GRACE_MS, so a network blip or a restarting
 * service worker does not cost them offers; after that they get none, while their active chats stay
 * theirs. Signing out or a server-side close ends presence at once.
 * This in-memory version serves one process; several processes would swap in a shared store
 * (e.g. Redis with a per-process heartbeat) behind the same interface.
 */
import type { Clock } from '../src/clock.ts';

export interface Presence {
  connected(agentId: string): void;
  /** `lost`: the connection dropped (network, ping timeout) rather than being closed by either side */
  disconnected(agentId: string, lost: boolean): void;
  onlineAgentIds(): Promise<string[]>;
}

export function createLocalPresence(clock: Clock, graceMs: number): Presence {
  const sockets = new Map<string, number>();
  const goneAt = new Map<string, number>();
  return {
    connected(agentId) {
      sockets.set(agentId, (sockets.get(agentId) ?? 0) + 1);
      goneAt.delete(agentId);
    },
    disconnected(agentId, lost) {
      const left = (sockets.get(agentId) ?? 1) - 1;
      if (left > 0) return void sockets.set(agentId, left);
      sockets.delete(agentId);
      if (lost) goneAt.set(agentId, clock.now());
    },
    async onlineAgentIds() {
      const now = clock.now();
      for (const [agentId, at] of goneAt) if (now - at >= graceMs) goneAt.delete(agentId);
      return [...sockets.keys(), ...goneAt.keys()];
    },
  };
}
