/**
 * Which agents have a live connection. Routing offers chats only to connected agents.
 * This in-memory version serves one process; several processes would swap in a shared store
 * (e.g. Redis with a per-process heartbeat) behind the same interface.
 */
export interface Presence {
  connected(agentId: string): void;
  disconnected(agentId: string): void;
  onlineAgentIds(): Promise<string[]>;
}

export function createLocalPresence(): Presence {
  const sockets = new Map<string, number>();
  return {
    connected(agentId) {
      sockets.set(agentId, (sockets.get(agentId) ?? 0) + 1);
    },
    disconnected(agentId) {
      const left = (sockets.get(agentId) ?? 1) - 1;
      if (left > 0) sockets.set(agentId, left);
      else sockets.delete(agentId);
    },
    onlineAgentIds: async () => [...sockets.keys()],
  };
}
