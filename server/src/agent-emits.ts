/**
 * What the service tells agents in one turn of the event loop, sent in the order it was said, with
 * each run of consecutive `message:created` to one agent sent as one `messages:created`. A commit of
 * many messages (group commit) then costs each agent one packet instead of one per message, and their
 * worker decodes one event; the order of everything an agent hears stays what the service said.
 */
import type { BroadcastOperator } from 'socket.io';
import type { MessageDTO } from '../../protocol/dto.ts';
import type { AgentServerToClientEvents, AgentSocketData } from '../../protocol/events.ts';

type AgentRoom = Pick<BroadcastOperator<AgentServerToClientEvents, AgentSocketData>, 'emit'>;
type Said = { event: keyof AgentServerToClientEvents; args: unknown[] };

export interface AgentEmits {
  /** what a delivery emits to; sent when this turn's work is done */
  agent(agentId: string): AgentRoom;
  /** sends what the agent was told so far, now (before their sockets are closed) */
  flush(agentId: string): void;
}

export function createAgentEmits(
  room: (agentId: string) => BroadcastOperator<AgentServerToClientEvents, AgentSocketData>,
  schedule: (fn: () => void) => void = setImmediate,
): AgentEmits {
  const pending = new Map<string, Said[]>();
  let scheduled = false;

  function send(agentId: string, said: readonly Said[]): void {
    const to = room(agentId);
    let run: MessageDTO[] = [];
    const sendRun = () => {
      if (run.length === 1) to.emit('message:created', run[0]!);
      else if (run.length > 1) to.emit('messages:created', run);
      run = [];
    };
    for (const { event, args } of said) {
      if (event === 'message:created') {
        run.push(args[0] as MessageDTO);
        continue;
      }
      sendRun();
      (to.emit as (event: string, ...args: unknown[]) => boolean)(event, ...args);
    }
    sendRun();
  }

  function flushAll(): void {
    scheduled = false;
    const all = [...pending];
    pending.clear();
    for (const [agentId, said] of all) send(agentId, said);
  }

  return {
    agent(agentId) {
      return {
        emit(event, ...args) {
          let said = pending.get(agentId);
          if (!said) pending.set(agentId, (said = []));
          said.push({ event, args });
          if (!scheduled) {
            scheduled = true;
            schedule(flushAll);
          }
          return true;
        },
      };
    },
    flush(agentId) {
      const said = pending.get(agentId);
      if (!said) return;
      pending.delete(agentId);
      send(agentId, said);
    },
  };
}
