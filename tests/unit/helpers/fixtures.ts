/** Small, valid protocol objects for tests; override what a test is about. */
import type { AgentDTO, AgentSnapshot, ConversationDTO, MessageDTO, OfferDTO, VisitorDTO } from '../../../protocol/dto.ts';

export const T0 = Date.UTC(2025, 0, 6, 9, 0, 0);

export function agent(overrides: Partial<AgentDTO> = {}): AgentDTO {
  return {
    id: 'agent-1',
    email: 'ada@example.com',
    name: 'Ada Agent',
    role: 'agent',
    available: false,
    availabilitySource: 'manual',
    availableUntil: null,
    ...overrides,
  };
}

export function visitor(overrides: Partial<VisitorDTO> = {}): VisitorDTO {
  return { id: 'visitor-1', name: 'Vera Visitor', email: 'vera@example.com', jobTitle: null, phone: null, crmStatus: null, company: null, custom: {}, verified: false, ...overrides };
}

export function conversation(overrides: Partial<ConversationDTO> = {}): ConversationDTO {
  return {
    id: 'conv-1',
    status: 'active',
    visitor: visitor(),
    agentId: 'agent-1',
    agentName: 'Ada Agent',
    lastSeq: 0,
    createdAt: T0,
    endedAt: null,
    endedBy: null,
    ...overrides,
  };
}

export function message(overrides: Partial<MessageDTO> = {}): MessageDTO {
  const seq = overrides.seq ?? 1;
  return {
    id: `msg-${overrides.conversationId ?? 'conv-1'}-${seq}`,
    conversationId: 'conv-1',
    seq,
    clientId: `client-${overrides.conversationId ?? 'conv-1'}-${seq}`,
    author: 'visitor',
    authorName: 'Vera Visitor',
    body: `message ${seq}`,
    createdAt: T0 + seq * 1000,
    ...overrides,
  };
}

export function offer(overrides: Partial<OfferDTO> = {}): OfferDTO {
  const id = overrides.id ?? 'offer-1';
  const conversationId = overrides.conversationId ?? 'conv-9';
  return {
    id,
    conversationId,
    createdAt: T0,
    expiresAt: T0 + 45_000,
    conversation: conversation({ id: conversationId, status: 'waiting', agentId: null, agentName: null }),
    ...overrides,
  };
}

export function snapshot(overrides: Partial<AgentSnapshot> = {}): AgentSnapshot {
  return { agent: agent(), offers: [], conversations: [], messages: [], serverTime: T0, ...overrides };
}
