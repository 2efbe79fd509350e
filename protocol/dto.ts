/**
 * Shapes the server sends. Times are epoch milliseconds; absent optional values are null.
 */
import type { AvailabilitySource } from './routing.ts';
import type { MessageCard } from './meetings.ts';
import type { MessageNotice } from './notices.ts';
import type { RatingDTO, TagDTO } from './toolkit.ts';
import type { OfferTransferDTO, TransferDTO } from './transfer.ts';

export type Role = 'agent' | 'admin';

export interface AgentDTO {
  id: string;
  email: string;
  name: string;
  role: Role;
  /** effectively available: the manual toggle while it is valid, else the schedule */
  available: boolean;
  /** what decides it right now: the agent's own toggle, or their schedule */
  availabilitySource: AvailabilitySource;
  /** when this state ends by itself (epoch ms), or null */
  availableUntil: number | null;
}

export interface VisitorDTO {
  id: string;
  name: string | null;
  email: string | null;
  jobTitle: string | null;
  phone: string | null;
  crmStatus: string | null;
  company: string | null;
  /** extra attributes the host page passed (name → value) */
  custom: Record<string, string>;
  /** the email was proven by a site-secret signature (visitor:identify); else it is only claimed */
  verified: boolean;
}

/**
 * waiting: being routed (offers going out); active: an agent accepted;
 * missed: nobody was available or nobody accepted (the visitor got the fallback message);
 * ended: closed by either side.
 */
export type ConversationStatus = 'waiting' | 'active' | 'missed' | 'ended';

export interface ConversationDTO {
  id: string;
  status: ConversationStatus;
  visitor: VisitorDTO;
  agentId: string | null;
  agentName: string | null;
  /** highest message sequence number in this conversation */
  lastSeq: number;
  createdAt: number;
  endedAt: number | null;
  endedBy: 'visitor' | 'agent' | 'system' | null;
  /** the chat's tags, by name (absent from servers before the agent toolkit) */
  tags?: TagDTO[];
  /** the visitor's rating, once they gave one */
  rating?: RatingDTO | null;
  /** the chat's agent has read up to this seq */
  agentReadSeq?: number;
  /** visitor messages after agentReadSeq */
  unread?: number;
}

export type MessageAuthor = 'visitor' | 'agent' | 'system';

export interface MessageDTO {
  id: string;
  conversationId: string;
  /** 1, 2, 3 … per conversation; the order of the conversation */
  seq: number;
  /** the sender's idempotency key (system messages get a server-made one) */
  clientId: string;
  author: MessageAuthor;
  authorName: string | null;
  body: string;
  createdAt: number;
  /** structured content shown as a card (a calendar to book from, a meeting); the body is its text fallback */
  card?: MessageCard;
  /** a line the service wrote, as a code for clients to say in their reader's language; the body is its English text */
  notice?: MessageNotice;
  /** an internal note (author 'agent'): agents only, never sent to the visitor */
  note?: true;
}

export interface OfferDTO {
  id: string;
  conversationId: string;
  createdAt: number;
  /** when the offer times out; the server decides, clients only count down */
  expiresAt: number;
  conversation: ConversationDTO;
  /** the visitor's first message, shortened (absent until they write one) */
  firstMessage?: string;
  /** the page the chat started on, with its title when the widget reported one */
  page?: { url: string; title: string | null };
  /** set when the chat is handed over by another agent (chat:transfer); absent for a routed chat */
  transfer?: OfferTransferDTO;
}

export type OfferEndReason = 'expired' | 'declined' | 'withdrawn' | 'accepted';

/** What the agent's client receives on (re)connect: everything it needs to be exact again. */
export interface AgentSnapshot {
  agent: AgentDTO;
  offers: OfferDTO[];
  /** the agent's active conversations plus every conversation named in the request's cursors that the agent may see */
  conversations: ConversationDTO[];
  /** messages after each cursor (all messages for conversations not named), in seq order per conversation */
  messages: MessageDTO[];
  serverTime: number;
  /** the agent's own transfers still waiting for an answer (absent from servers before transfers) */
  transfers?: TransferDTO[];
}

export interface VisitorConversationDTO {
  id: string;
  status: ConversationStatus;
  agentName: string | null;
  lastSeq: number;
  createdAt: number;
  endedAt: number | null;
  /** the agent has read the chat up to this seq ("seen") */
  seenSeq?: number;
  /** the visitor already rated this chat */
  rated?: boolean;
}

export interface VisitorSnapshot {
  conversation: VisitorConversationDTO;
  messages: MessageDTO[];
}

/**
 * What a sign-in or a refresh hands out: a short-lived access token for the socket handshake and
 * Authorization headers, and a refresh token that can be exchanged once for the next pair.
 */
export interface TokenPair {
  accessToken: string;
  /** how long the access token is valid from now, in ms (a duration, so the two clocks need not agree) */
  accessTokenExpiresInMs: number;
  refreshToken: string;
}

export interface LoginResult extends TokenPair {
  agent: AgentDTO;
}

export interface VisitorSessionResult {
  token: string;
  /** the visitor's open conversation, if any, so a reloaded page can resume it */
  conversationId: string | null;
}
