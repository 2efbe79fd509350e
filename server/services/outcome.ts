/**
 * Services change the database and say what should be emitted; the caller acks first, then
 * delivers. Deliveries go to rooms, so they reach every socket of an agent or visitor (and, with a
 * cluster adapter, every process).
 */
import type { BroadcastOperator } from 'socket.io';
import type { MessageDTO } from '../../protocol/dto.ts';
import type {
  AgentServerToClientEvents,
  AgentSocketData,
  VisitorServerToClientEvents,
  VisitorSocketData,
} from '../../protocol/events.ts';

export interface Rooms {
  agent(agentId: string): BroadcastOperator<AgentServerToClientEvents, AgentSocketData>;
  visitor(visitorId: string): BroadcastOperator<VisitorServerToClientEvents, VisitorSocketData>;
}

export type Delivery = (rooms: Rooms) => void;

export interface Outcome<T> {
  result: T;
  events: Delivery[];
}

export function toAgent<K extends keyof AgentServerToClientEvents>(
  agentId: string,
  event: K,
  ...args: Parameters<AgentServerToClientEvents[K]>
): Delivery {
  return (rooms) => {
    rooms.agent(agentId).emit(event, ...args);
  };
}

export function toVisitor<K extends keyof VisitorServerToClientEvents>(
  visitorId: string,
  event: K,
  ...args: Parameters<VisitorServerToClientEvents[K]>
): Delivery {
  return (rooms) => {
    rooms.visitor(visitorId).emit(event, ...args);
  };
}

/** Every stored message goes to the visitor and, once there is one, the assigned agent. */
export function announceMessage(
  conversation: { visitor_id: string; agent_id: string | null },
  message: MessageDTO,
): Delivery[] {
  const events = [toVisitor(conversation.visitor_id, 'message:created', message)];
  if (conversation.agent_id) events.push(toAgent(conversation.agent_id, 'message:created', message));
  return events;
}
