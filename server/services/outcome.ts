/**
 * Services change the database and say what should happen once it is committed; the caller acks
 * first, then delivers. Deliveries go to rooms, so they reach every socket of an agent or visitor
 * (and, with the Redis adapter, on every process). A service never acts on the outside world from
 * inside its transaction: a sweep started before COMMIT would not see what the transaction freed.
 */
import type { BroadcastOperator } from 'socket.io';
import type { MessageDTO } from '../../protocol/dto.ts';
import type {
  AgentServerToClientEvents,
  AgentSocketData,
  VisitorServerToClientEvents,
  VisitorSocketData,
} from '../../protocol/events.ts';

/** What a delivery may reach, after the commit. */
export interface Effects {
  /** the agent's room on every process; what one turn of the event loop says is sent together (src/agent-emits.ts) */
  agent(agentId: string): Pick<BroadcastOperator<AgentServerToClientEvents, AgentSocketData>, 'emit'>;
  visitor(visitorId: string): BroadcastOperator<VisitorServerToClientEvents, VisitorSocketData>;
  /** runs the sweep soon on this process: a slot came free or an agent became available, so the queue may move */
  scheduleSweep(): void;
  /** closes every socket of the agent, on every process */
  disconnectAgent(agentId: string): void;
}

export type Delivery = (effects: Effects) => void;

/** The queue may move now (capacity freed, an agent became available). */
export const sweepSoon: Delivery = (effects) => effects.scheduleSweep();

export interface Outcome<T> {
  result: T;
  events: Delivery[];
}

export function toAgent<K extends keyof AgentServerToClientEvents>(
  agentId: string,
  event: K,
  ...args: Parameters<AgentServerToClientEvents[K]>
): Delivery {
  return (effects) => {
    effects.agent(agentId).emit(event, ...args);
  };
}

export function toVisitor<K extends keyof VisitorServerToClientEvents>(
  visitorId: string,
  event: K,
  ...args: Parameters<VisitorServerToClientEvents[K]>
): Delivery {
  return (effects) => {
    effects.visitor(visitorId).emit(event, ...args);
  };
}

/**
 * Every stored message goes to the visitor and, once there is one, the assigned agent. An internal
 * note goes to the agent only: this is the one place that decides, so no path can tell a visitor a note.
 */
export function announceMessage(
  conversation: { visitor_id: string; agent_id: string | null },
  message: MessageDTO,
): Delivery[] {
  const events = message.note ? [] : [toVisitor(conversation.visitor_id, 'message:created', message)];
  if (conversation.agent_id) events.push(toAgent(conversation.agent_id, 'message:created', message));
  return events;
}
