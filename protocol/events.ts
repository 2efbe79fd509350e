/**
 * The socket.io contract. Client→server names are commands (`domain:verb`) and always take an ack;
 * server→client names are facts in the past tense.
 */
import type { AckCallback } from './ack.ts';
import type {
  AgentDTO,
  AgentSnapshot,
  ConversationDTO,
  MessageDTO,
  OfferDTO,
  OfferEndReason,
  VisitorConversationDTO,
  VisitorSnapshot,
} from './dto.ts';
import type {
  AvailabilitySetInput,
  ChatStartInput,
  ConversationRefInput,
  MessageSendInput,
  OfferRefInput,
  SyncPullInput,
  VisitorSyncInput,
} from './schemas.ts';

export const NAMESPACES = { agent: '/agent', visitor: '/visitor' } as const;

// ----- /agent -----
export interface AgentClientToServerEvents {
  'sync:pull': (input: SyncPullInput, ack: AckCallback<AgentSnapshot>) => void;
  'availability:set': (input: AvailabilitySetInput, ack: AckCallback<AgentDTO>) => void;
  'offer:accept': (input: OfferRefInput, ack: AckCallback<ConversationDTO>) => void;
  'offer:decline': (input: OfferRefInput, ack: AckCallback<null>) => void;
  'message:send': (input: MessageSendInput, ack: AckCallback<MessageDTO>) => void;
  'conversation:end': (input: ConversationRefInput, ack: AckCallback<ConversationDTO>) => void;
}

export interface AgentServerToClientEvents {
  'agent:updated': (agent: AgentDTO) => void;
  'offer:created': (offer: OfferDTO) => void;
  'offer:ended': (payload: { offerId: string; conversationId: string; reason: OfferEndReason }) => void;
  'conversation:assigned': (conversation: ConversationDTO) => void;
  'conversation:ended': (conversation: ConversationDTO) => void;
  'message:created': (message: MessageDTO) => void;
}

// ----- /visitor -----
export interface VisitorClientToServerEvents {
  'chat:start': (input: ChatStartInput, ack: AckCallback<VisitorSnapshot>) => void;
  'sync:pull': (input: VisitorSyncInput, ack: AckCallback<VisitorSnapshot>) => void;
  'message:send': (input: MessageSendInput, ack: AckCallback<MessageDTO>) => void;
  'conversation:end': (input: ConversationRefInput, ack: AckCallback<VisitorConversationDTO>) => void;
}

export interface VisitorServerToClientEvents {
  'conversation:updated': (conversation: VisitorConversationDTO) => void;
  'message:created': (message: MessageDTO) => void;
}

export type InterServerEvents = Record<string, never>;

export interface AgentSocketData {
  userId: string;
}

export interface VisitorSocketData {
  visitorId: string;
}

/** Socket handshake: `io(url + '/agent', { auth: { token } })`. Tokens never go in the URL. */
export interface HandshakeAuth {
  token: string;
}
