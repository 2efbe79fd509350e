/**
 * Table shapes as Kysely sees them. Times are epoch ms; flags are integers 0/1 on both databases
 * so one code path reads and writes them.
 */
import type { Kysely } from 'kysely';
import type { ConversationStatus, MessageAuthor, Role } from '../../protocol/dto.ts';

export type OfferStatus = 'pending' | 'accepted' | 'declined' | 'expired' | 'withdrawn';
export type TokenKind = 'agent' | 'visitor';

export interface UsersTable {
  id: string;
  email: string;
  name: string;
  role: Role;
  password_hash: string;
  disabled: number;
  available: number;
  /** accepted, not yet ended chats; guarded by conditional updates */
  active_chats: number;
  /** offers still waiting for this agent's answer; counts against capacity */
  pending_offers: number;
  /** 0 = never offered; round robin goes to the smallest */
  last_offered_at: number;
  created_at: number;
}

export interface TokensTable {
  /** sha256 of the token; the token itself is never stored */
  token_hash: string;
  kind: TokenKind;
  subject_id: string;
  created_at: number;
  expires_at: number;
}

export interface VisitorsTable {
  id: string;
  name: string | null;
  email: string | null;
  job_title: string | null;
  phone: string | null;
  crm_status: string | null;
  created_at: number;
}

export interface ConversationsTable {
  id: string;
  visitor_id: string;
  agent_id: string | null;
  status: ConversationStatus;
  last_seq: number;
  page_url: string | null;
  created_at: number;
  ended_at: number | null;
  ended_by: 'visitor' | 'agent' | 'system' | null;
}

export interface OffersTable {
  id: string;
  conversation_id: string;
  agent_id: string;
  status: OfferStatus;
  created_at: number;
  expires_at: number;
  ended_at: number | null;
}

export interface MessagesTable {
  id: string;
  conversation_id: string;
  seq: number;
  client_id: string;
  author: MessageAuthor;
  author_name: string | null;
  body: string;
  created_at: number;
}

export interface DB {
  users: UsersTable;
  tokens: TokensTable;
  visitors: VisitorsTable;
  conversations: ConversationsTable;
  offers: OffersTable;
  messages: MessagesTable;
}

/** The database handle; a Transaction is one too, so repositories accept either. */
export type Db = Kysely<DB>;
