/**
 * Table shapes as Kysely sees them. Times are epoch ms; flags are integers 0/1 on both databases
 * so one code path reads and writes them.
 */
import type { Generated, Kysely } from 'kysely';
import type { ConversationStatus, MessageAuthor, Role } from '../../protocol/dto.ts';
import type { ActivityType } from '../../protocol/inbox.ts';
import type { Locale } from '../../protocol/locales.ts';

/** `lapsed`: it ran out while its agent could not see it (connection lost); that agent may be offered the chat again */
export type OfferStatus = 'pending' | 'accepted' | 'declined' | 'expired' | 'lapsed' | 'withdrawn';
/** `agent`: an agent sign-in's short-lived access token; `refresh`: what renews it; `visitor`: a visitor's session */
export type TokenKind = 'agent' | 'refresh' | 'visitor';

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
  /** the manual toggle (`available`) overrides the schedule until this time; 0 = no override */
  manual_until: number;
  /** the weekly schedule as JSON (protocol Schedule), or null: the toggle alone counts */
  schedule: string | null;
  /** when the announced effective availability ends by itself; the sweep re-announces it then */
  availability_until: number | null;
  /** when the agent's last connection dropped (not closed on purpose); the presence grace counts from here */
  lost_at: Generated<number | null>;
  /** this agent's own capacity (most chats held at once); null: the capacity setting in force */
  max_chats: Generated<number | null>;
}

export interface TokensTable {
  /** sha256 of the token; the token itself is never stored */
  token_hash: string;
  kind: TokenKind;
  subject_id: string;
  created_at: number;
  expires_at: number;
  /** the agent sign-in (agent_sessions.id) an access or refresh token belongs to; null for visitors */
  session_id: Generated<string | null>;
  /** when a refresh token was exchanged for a new one; presenting it again revokes its sign-in */
  retired_at: Generated<number | null>;
}

/** One agent sign-in: every access and refresh token issued from it, revoked together. */
export interface AgentSessionsTable {
  id: string;
  agent_id: string;
  created_at: number;
  /** when its newest refresh token expires; the sign-in's sockets stop working then */
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
  company: Generated<string | null>;
  /** JSON Record<string, string> of the host page's custom attributes */
  custom: Generated<string | null>;
  /** set only by a signature-proven identity (visitor:identify); unproven claims never link */
  contact_id: Generated<string | null>;
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
  /** which site's routing strategy applies (null = the default site) */
  site_key: string | null;
  /** offers made so far; the chain ends at the maxOffers setting */
  offers_made: number;
  /** set while the chat waits in the queue for a free agent */
  queued_at: number | null;
  /** the queue position the visitor was last told */
  queue_position: number | null;
  /** last visitor or agent message (or the accept); the idle timeout counts from here */
  last_activity_at: number | null;
  /** set when an active chat went back to routing; its wait counts from here instead of created_at */
  waiting_since: Generated<number | null>;
  /** the widget's language at chat start; null: English */
  locale: Generated<Locale | null>;
  /** the chat's agent has read up to this seq (unread counts; the visitor's "seen") */
  agent_read_seq: Generated<number>;
}

export interface OffersTable {
  id: string;
  conversation_id: string;
  agent_id: string;
  status: OfferStatus;
  created_at: number;
  expires_at: number;
  ended_at: number | null;
  /** the transfer this offer is part of (transfers.id); null: a routed offer of a waiting chat */
  transfer_id: Generated<string | null>;
  /** its chat's request time (conversations.created_at), set by insertOffer: reports count offers by it */
  chat_created_at: number;
}

export type TransferStatus = 'pending' | 'accepted' | 'declined' | 'expired' | 'withdrawn';

/** An active chat handed from its agent to a named agent or a team; the chat stays the sender's until accepted. */
export interface TransfersTable {
  id: string;
  conversation_id: string;
  from_agent_id: string;
  /** exactly one of to_agent_id and team_id is set */
  to_agent_id: string | null;
  team_id: string | null;
  note: string | null;
  status: TransferStatus;
  created_at: number;
  ended_at: number | null;
  /** who accepted or declined it, by their name then */
  ended_by_name: string | null;
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
  /** JSON protocol MessageCard, or null for a plain message */
  card: Generated<string | null>;
  /** JSON protocol MessageNotice of a line the service wrote, or null */
  notice: Generated<string | null>;
  /** 1: an internal note, for agents only; never sent to or synced by the visitor */
  note: Generated<number>;
}

export interface TeamsTable {
  id: string;
  name: string;
  created_at: number;
}

export interface TeamMembersTable {
  team_id: string;
  agent_id: string;
}

export interface RoutingRulesTable {
  id: string;
  name: string;
  priority: number;
  /** JSON: RuleCondition[] */
  conditions: string;
  /** JSON: RuleTarget */
  target: string;
  created_at: number;
}

export interface AccountOwnersTable {
  domain: string;
  agent_id: string;
}

export interface RoutingSitesTable {
  site_key: string;
  /** JSON: RoutingStrategy */
  strategy: string;
}

/** a site the widget may run on, added by an admin (protocol/origins.ts isSiteOriginEntry) */
export interface SiteOriginsTable {
  pattern: string;
  added_at: number;
}

export interface RoutingSettingsTable {
  key: string;
  /** JSON value of one RoutingSettings field */
  value: string;
}

export interface ContactsTable {
  id: string;
  /** lower-cased */
  email: string;
  created_at: number;
  updated_at: number;
}

export interface ActivitiesTable {
  id: string;
  visitor_id: string;
  /** the visitor's verified contact when it happened, so the history follows the contact */
  contact_id: string | null;
  type: ActivityType;
  at: number;
  conversation_id: string | null;
  title: string | null;
  url: string | null;
  /** JSON details (a meeting's id and times) */
  data: string | null;
}

export interface MeetingSettingsTable {
  agent_id: string;
  time_zone: string;
  /** JSON protocol WeeklyBlock[] */
  weekly: string;
  length_minutes: number;
  buffer_minutes: number;
  takes_meetings: number;
  last_offered_at: Generated<number>;
  updated_at: number;
}

export interface CalendarSharesTable {
  conversation_id: string;
  agent_id: string;
  shared_at: number;
}

export interface MeetingsTable {
  id: string;
  agent_id: string;
  visitor_id: string;
  conversation_id: string | null;
  start_at: number;
  end_at: number;
  status: 'booked' | 'cancelled';
  created_at: number;
  cancelled_at: number | null;
}

/** One running server process; it counts as alive while its heartbeat is recent. */
export interface ServerNodesTable {
  id: string;
  started_at: number;
  heartbeat_at: number;
}

/** One agent socket, owned by the process that holds it. */
export interface AgentConnectionsTable {
  socket_id: string;
  agent_id: string;
  node_id: string;
  connected_at: number;
}

/** One admin action or look at a chat (see migration 008); before/after are JSON or null. */
export interface AuditLogTable {
  id: string;
  at: number;
  /** the admin who acted; null: the shell (`npm run admin`) */
  actor_id: string | null;
  action: string;
  target_type: string;
  target_id: string | null;
  before: string | null;
  after: string | null;
}

/** An admin-defined tag (migration 010). */
export interface TagsTable {
  id: string;
  name: string;
  /** lower-cased name, unique */
  name_key: string;
  created_at: number;
}

export interface ConversationTagsTable {
  conversation_id: string;
  tag_id: string;
  added_by: string | null;
  added_at: number;
}

/** The visitor's one rating of an ended chat. */
export interface RatingsTable {
  conversation_id: string;
  score: number;
  comment: string | null;
  created_at: number;
}

/**
 * What a report reads of a chat that reached its final state, written once at that moment
 * (db/chat-facts.ts): the first accepted offer's end and agent, the first agent reply that was no note.
 */
export interface ChatFactsTable {
  conversation_id: string;
  created_at: number;
  status: 'ended' | 'missed';
  accepted_at: number | null;
  accepted_by: string | null;
  replied_at: number | null;
  ended_at: number | null;
}

/** A saved reply: an agent's own (owner_id), or shared (owner_id null, admins manage it). */
export interface SavedRepliesTable {
  id: string;
  owner_id: string | null;
  shortcut: string;
  body: string;
  created_at: number;
  updated_at: number;
}

export interface DB {
  users: UsersTable;
  tokens: TokensTable;
  agent_sessions: AgentSessionsTable;
  visitors: VisitorsTable;
  conversations: ConversationsTable;
  offers: OffersTable;
  transfers: TransfersTable;
  messages: MessagesTable;
  contacts: ContactsTable;
  activities: ActivitiesTable;
  meeting_settings: MeetingSettingsTable;
  calendar_shares: CalendarSharesTable;
  meetings: MeetingsTable;
  teams: TeamsTable;
  team_members: TeamMembersTable;
  routing_rules: RoutingRulesTable;
  account_owners: AccountOwnersTable;
  routing_sites: RoutingSitesTable;
  routing_settings: RoutingSettingsTable;
  site_origins: SiteOriginsTable;
  server_nodes: ServerNodesTable;
  agent_connections: AgentConnectionsTable;
  tags: TagsTable;
  conversation_tags: ConversationTagsTable;
  ratings: RatingsTable;
  chat_facts: ChatFactsTable;
  saved_replies: SavedRepliesTable;
  audit_log: AuditLogTable;
}

/** The database handle; a Transaction is one too, so repositories accept either. */
export type Db = Kysely<DB>;
