/**
 * The one typed message map between the side panel and the background worker. Every command answers
 * with a CommandResult: the server's Ack, or a client-side code when the server could not be asked.
 */
import { defineExtensionMessaging } from '@webext-core/messaging';
import type { ErrorCode } from '../protocol/ack.ts';
import type { AdminEvent } from '../protocol/admin-events.ts';
import type { AgentDTO, ConversationDTO } from '../protocol/dto.ts';
import type { ConversationListInput, TypingSetInput, VisitorHistory } from '../protocol/inbox.ts';
import type { Schedule, ScheduleSetInput } from '../protocol/routing.ts';
import type { CalendarOption, MeetingDTO, MeetingSettings, MeetingsShareInput } from '../protocol/meetings.ts';
import type {
  ConversationTagsUpdate,
  SavedReplyCreateInput,
  SavedReplyDTO,
  SavedReplyUpdateInput,
  SearchInput,
  SearchPage,
  TagDTO,
} from '../protocol/toolkit.ts';
import type { ChatTransferInput, TransferDTO, TransferTargets } from '../protocol/transfer.ts';

/**
 * offline: no connection to the server right now; timeout: the server did not answer in time;
 * network: the server address could not be reached (sign-in).
 */
export type ClientErrorCode = 'offline' | 'timeout' | 'network';
export type CommandErrorCode = ErrorCode | ClientErrorCode;
export type CommandResult<T> = { ok: true; data: T } | { ok: false; error: CommandErrorCode };

export interface SignInInput {
  serverUrl: string;
  email: string;
  password: string;
}

/**
 * insecure_server: a plain http:// address of another machine, which would carry the password unencrypted;
 * server_locked: an enterprise policy allows signing in to its own server only, and this is another one.
 */
export type SignInErrorCode = CommandErrorCode | 'insecure_server' | 'server_locked';
export type SignInResult = { ok: true; data: AgentDTO } | { ok: false; error: SignInErrorCode };

export interface SentMessage {
  clientId: string;
  /** false while the message waits in the outbox for a connection */
  delivered: boolean;
}

/** An admin console command (protocol/admin-events.ts) and its payload, sent on over the agent's connection. */
export interface AdminCommandInput {
  event: AdminEvent;
  data: unknown;
}

export interface CommandMap {
  signIn(input: SignInInput): SignInResult;
  signOut(): CommandResult<null>;
  /** The panel opened: the worker connects now if signed in and not connected. */
  connect(): CommandResult<null>;
  /** The admin console's one command: the worker forwards admin events only, and answers the server's ack. */
  admin(input: AdminCommandInput): CommandResult<unknown>;
  setAvailability(input: { available: boolean }): CommandResult<AgentDTO>;
  acceptOffer(input: { offerId: string }): CommandResult<ConversationDTO>;
  declineOffer(input: { offerId: string }): CommandResult<null>;
  /** `note`: an internal note, which goes the same way but never to the visitor */
  sendMessage(input: { conversationId: string; body: string; note?: boolean }): CommandResult<SentMessage>;
  /** Forgets a message the server refused for good (it stays on screen, marked, until then). */
  discardMessage(input: { clientId: string }): CommandResult<null>;
  endConversation(input: { conversationId: string }): CommandResult<ConversationDTO>;
  /** Fetches one page into the cache; answers with the page's ids in order. */
  listConversations(input: ConversationListInput): CommandResult<{ ids: string[]; nextCursor: string | null }>;
  /** Fetches a conversation's whole transcript into the cache. */
  openConversation(input: { conversationId: string }): CommandResult<null>;
  visitorHistory(input: { visitorId: string }): CommandResult<VisitorHistory>;
  setTyping(input: TypingSetInput): CommandResult<null>;
  /** The agent has seen everything in this conversation so far. */
  markRead(input: { conversationId: string }): CommandResult<null>;
  /** The agent's weekly schedule as the server has it (null: the toggle alone counts). */
  getSchedule(): CommandResult<Schedule | null>;
  /** Replaces the schedule; answers with the agent's new effective availability. */
  setSchedule(input: ScheduleSetInput): CommandResult<AgentDTO>;
  /** The agent's meeting availability (defaults until saved). */
  getMeetingSettings(): CommandResult<MeetingSettings>;
  setMeetingSettings(input: MeetingSettings): CommandResult<MeetingSettings>;
  /** Agents whose calendar may be shared into a chat, the agent themself first. */
  listCalendars(): CommandResult<CalendarOption[]>;
  /** Posts a calendar card into the agent's chat; the card arrives in the cache like any message. */
  shareCalendar(input: MeetingsShareInput): CommandResult<null>;
  /** The agent's booked meetings that have not ended yet. */
  listMeetings(): CommandResult<MeetingDTO[]>;
  cancelMeeting(input: { meetingId: string }): CommandResult<MeetingDTO>;
  // agent toolkit: the lists land in the cache's meta table (tags, savedReplies)
  listTags(): CommandResult<TagDTO[]>;
  /** `on`: set the tag, else take it off */
  tagConversation(input: { conversationId: string; tagId: string; on: boolean }): CommandResult<ConversationTagsUpdate>;
  listReplies(): CommandResult<SavedReplyDTO[]>;
  createReply(input: SavedReplyCreateInput): CommandResult<SavedReplyDTO>;
  updateReply(input: SavedReplyUpdateInput): CommandResult<SavedReplyDTO>;
  deleteReply(input: { replyId: string }): CommandResult<null>;
  /** Full-text search over past chats' messages; the chats found are written into the cache. */
  searchMessages(input: SearchInput): CommandResult<SearchPage>;
  // transfer: the agent's transfers land in the cache's meta table (transfers)
  /** Offers the agent's active chat to an agent or a team; the chat stays theirs until accepted. */
  transferChat(input: ChatTransferInput): CommandResult<TransferDTO>;
  /** Whom the agent may transfer to, asked of the server each time the dialog opens. */
  transferTargets(): CommandResult<TransferTargets>;
  /** Forgets an ended transfer's outcome line. */
  dismissTransfer(input: { transferId: string }): CommandResult<null>;
}

export const {
  sendMessage: sendCommand,
  onMessage: onCommand,
  removeAllListeners: removeAllCommandListeners,
} = defineExtensionMessaging<CommandMap>();

export function commandFail(error: CommandErrorCode): { ok: false; error: CommandErrorCode } {
  return { ok: false, error };
}
