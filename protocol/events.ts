/**
 * The socket.io contract. Client→server names are commands (`domain:verb`) and always take an ack;
 * server→client names are facts in the past tense.
 */
import type { AckCallback } from './ack.ts';
import type { AdminClientToServerEvents } from './admin.ts';
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
  PresencePingInput,
  SyncPullInput,
  VisitorSyncInput,
} from './schemas.ts';
import type {
  ConversationListInput,
  ConversationOpenInput,
  ConversationPage,
  ConversationTranscript,
  TypingSetInput,
  TypingUpdate,
  VisitorHistory,
  VisitorHistoryInput,
} from './inbox.ts';
import type { QueueUpdateDTO, Schedule, ScheduleSetInput } from './routing.ts';
import type {
  ActivityPageInput,
  CalendarOption,
  EmptyInput,
  IdentifyResult,
  MeetingConfirmation,
  MeetingDTO,
  MeetingRefInput,
  MeetingSettings,
  MeetingsBookInput,
  MeetingsShareInput,
  MeetingsSlotsInput,
  SlotList,
  VisitorIdentifyInput,
} from './meetings.ts';

import type {
  ChatRateInput,
  ConversationRatingUpdate,
  ConversationReadInput,
  ConversationReadUpdate,
  ConversationSeenUpdate,
  ConversationTagInput,
  ConversationTagsUpdate,
  NoteAddInput,
  SavedReplyCreateInput,
  SavedReplyDTO,
  SavedReplyRefInput,
  SavedReplyUpdateInput,
  SearchInput,
  SearchPage,
  TagCreateInput,
  TagDTO,
  TagRefInput,
  TagRenameInput,
} from './toolkit.ts';
import type { ChatTransferInput, TransferDTO, TransferEndedUpdate, TransferTargets } from './transfer.ts';

export const NAMESPACES = { agent: '/agent', visitor: '/visitor' } as const;

// ----- /agent -----
/** The agent's commands, and the admin console's (protocol/admin.ts), which answer `forbidden` to non-admins. */
export interface AgentClientToServerEvents extends AdminClientToServerEvents {
  'sync:pull': (input: SyncPullInput, ack: AckCallback<AgentSnapshot>) => void;
  'availability:set': (input: AvailabilitySetInput, ack: AckCallback<AgentDTO>) => void;
  'offer:accept': (input: OfferRefInput, ack: AckCallback<ConversationDTO>) => void;
  'offer:decline': (input: OfferRefInput, ack: AckCallback<null>) => void;
  'message:send': (input: MessageSendInput, ack: AckCallback<MessageDTO>) => void;
  'conversation:end': (input: ConversationRefInput, ack: AckCallback<ConversationDTO>) => void;
  /** a heartbeat that changes nothing: keeps the extension's worker (and its socket) counted as active */
  'presence:ping': (input: PresencePingInput, ack: AckCallback<null>) => void;
  /** the agent's own schedule (null: none, the toggle alone counts) */
  'schedule:get': (input: Record<string, never>, ack: AckCallback<Schedule | null>) => void;
  /** replaces the agent's schedule; answers the agent with its new effective availability */
  'schedule:set': (input: ScheduleSetInput, ack: AckCallback<AgentDTO>) => void;
  'conversation:list': (input: ConversationListInput, ack: AckCallback<ConversationPage>) => void;
  'conversation:open': (input: ConversationOpenInput, ack: AckCallback<ConversationTranscript>) => void;
  'visitor:history': (input: VisitorHistoryInput, ack: AckCallback<VisitorHistory>) => void;
  'typing:set': (input: TypingSetInput, ack: AckCallback<null>) => void;
  /** the caller's meeting settings (defaults when never set) */
  'meetings:getSettings': (input: EmptyInput, ack: AckCallback<MeetingSettings>) => void;
  'meetings:setSettings': (input: MeetingSettings, ack: AckCallback<MeetingSettings>) => void;
  /** agents whose calendar may be shared, the caller first */
  'meetings:calendars': (input: EmptyInput, ack: AckCallback<CalendarOption[]>) => void;
  /** posts a calendar card into the caller's chat */
  'meetings:share': (input: MeetingsShareInput, ack: AckCallback<MessageDTO>) => void;
  /** the caller's booked meetings that have not ended yet, soonest first */
  'meetings:list': (input: EmptyInput, ack: AckCallback<MeetingDTO[]>) => void;
  /** cancels a meeting in the caller's calendar */
  'meetings:cancel': (input: MeetingRefInput, ack: AckCallback<MeetingDTO>) => void;
  // agent toolkit (protocol/toolkit.ts, docs/PROTOCOL.md "Agent toolkit")
  /** an internal note in the caller's active chat: a message with `note: true`, never sent to the visitor */
  'note:add': (input: NoteAddInput, ack: AckCallback<MessageDTO>) => void;
  'tags:list': (input: EmptyInput, ack: AckCallback<TagDTO[]>) => void;
  /** admins only */
  'tags:create': (input: TagCreateInput, ack: AckCallback<TagDTO>) => void;
  'tags:rename': (input: TagRenameInput, ack: AckCallback<TagDTO>) => void;
  'tags:delete': (input: TagRefInput, ack: AckCallback<null>) => void;
  /** on a chat the caller may read (R8) */
  'conversation:tag': (input: ConversationTagInput, ack: AckCallback<ConversationTagsUpdate>) => void;
  'conversation:untag': (input: ConversationTagInput, ack: AckCallback<ConversationTagsUpdate>) => void;
  /** the caller's personal replies and the shared ones */
  'replies:list': (input: EmptyInput, ack: AckCallback<SavedReplyDTO[]>) => void;
  /** shared ones: admins only */
  'replies:create': (input: SavedReplyCreateInput, ack: AckCallback<SavedReplyDTO>) => void;
  'replies:update': (input: SavedReplyUpdateInput, ack: AckCallback<SavedReplyDTO>) => void;
  'replies:delete': (input: SavedReplyRefInput, ack: AckCallback<null>) => void;
  /** full-text search over the messages of the chats the caller may read (R8) */
  'search:messages': (input: SearchInput, ack: AckCallback<SearchPage>) => void;
  /** the caller has read their chat up to seq */
  'conversation:read': (input: ConversationReadInput, ack: AckCallback<ConversationReadUpdate>) => void;
  // transfer (protocol/transfer.ts, docs/PROTOCOL.md "Transfer")
  /** offers the caller's active chat to a named agent or a team; the caller keeps it until someone accepts */
  'chat:transfer': (input: ChatTransferInput, ack: AckCallback<TransferDTO>) => void;
  /** the agents and teams the caller may transfer to, with who is online, available and how loaded */
  'transfer:targets': (input: EmptyInput, ack: AckCallback<TransferTargets>) => void;
}

export interface AgentServerToClientEvents {
  'agent:updated': (agent: AgentDTO) => void;
  'offer:created': (offer: OfferDTO) => void;
  /** a pending offer shows more now (the visitor's first message arrived); never an offer that ended */
  'offer:updated': (offer: OfferDTO) => void;
  'offer:ended': (payload: { offerId: string; conversationId: string; reason: OfferEndReason }) => void;
  'conversation:assigned': (conversation: ConversationDTO) => void;
  'conversation:ended': (conversation: ConversationDTO) => void;
  'message:created': (message: MessageDTO) => void;
  /** several messages stored at once (one commit), in the order they were stored: each as a `message:created` */
  'messages:created': (messages: MessageDTO[]) => void;
  'typing:updated': (update: TypingUpdate) => void;
  /** a visitor booked a meeting in this agent's calendar */
  'meeting:booked': (meeting: MeetingDTO) => void;
  /** a meeting in this agent's calendar was cancelled */
  'meeting:cancelled': (meeting: MeetingDTO) => void;
  /** the visitor of one of this agent's active chats identified themself (visitor:identify) */
  'visitor:updated': (conversation: ConversationDTO) => void;
  /** a chat's tags changed (to its agent and to the agent who changed them) */
  'conversation:tagged': (update: ConversationTagsUpdate) => void;
  /** the visitor rated one of this agent's chats */
  'conversation:rated': (update: ConversationRatingUpdate) => void;
  /** the agent read a chat on one of their sockets: every socket learns the new unread count */
  'unread:updated': (update: ConversationReadUpdate) => void;
  /** the agent started a transfer (to every socket of the sender) */
  'transfer:started': (transfer: TransferDTO) => void;
  /** the agent's transfer was accepted, declined, timed out or withdrawn (to the sender) */
  'transfer:ended': (update: TransferEndedUpdate) => void;
}

// ----- /visitor -----
export interface VisitorClientToServerEvents {
  'chat:start': (input: ChatStartInput, ack: AckCallback<VisitorSnapshot>) => void;
  'sync:pull': (input: VisitorSyncInput, ack: AckCallback<VisitorSnapshot>) => void;
  'message:send': (input: MessageSendInput, ack: AckCallback<MessageDTO>) => void;
  'conversation:end': (input: ConversationRefInput, ack: AckCallback<VisitorConversationDTO>) => void;
  'typing:set': (input: TypingSetInput, ack: AckCallback<null>) => void;
  /** attributes from the host page; a valid signature makes the email verified */
  'visitor:identify': (input: VisitorIdentifyInput, ack: AckCallback<IdentifyResult>) => void;
  /** records a page visit in the visitor's activity history */
  'activity:page': (input: ActivityPageInput, ack: AckCallback<null>) => void;
  /** free slots of a calendar shared into one of the visitor's chats */
  'meetings:slots': (input: MeetingsSlotsInput, ack: AckCallback<SlotList>) => void;
  'meetings:book': (input: MeetingsBookInput, ack: AckCallback<MeetingConfirmation>) => void;
  'meetings:cancel': (input: MeetingRefInput, ack: AckCallback<MeetingDTO>) => void;
  /** rates an ended chat once (1–5, optional comment) */
  'chat:rate': (input: ChatRateInput, ack: AckCallback<VisitorConversationDTO>) => void;
}

export interface VisitorServerToClientEvents {
  'conversation:updated': (conversation: VisitorConversationDTO) => void;
  'message:created': (message: MessageDTO) => void;
  'typing:updated': (update: TypingUpdate) => void;
  /** the chat waits for a free agent at this position (1 = next) */
  'queue:updated': (update: QueueUpdateDTO) => void;
  /** the agent has read the chat up to seq */
  'conversation:seen': (update: ConversationSeenUpdate) => void;
}

export type InterServerEvents = Record<string, never>;

export interface AgentSocketData {
  userId: string;
  /** the sign-in the socket was opened under; its commands are allowed while that sign-in lasts */
  sessionId: string;
}

export interface VisitorSocketData {
  visitorId: string;
}

/** Socket handshake: `io(url + '/agent', { auth: { token } })`, an agent's access token. Tokens never go in the URL. */
export interface HandshakeAuth {
  token: string;
}
