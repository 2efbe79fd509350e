/**
 * The inbox's reads (SPEC R8, R11, R18) and typing indicators: schemas for the commands and the shapes
 * they answer with. Kept apart from schemas.ts/dto.ts so routing work can grow those independently.
 */
import { z } from 'zod';
import type { ConversationDTO, MessageDTO } from './dto.ts';

const id = z.string().min(1).max(64);

export const INBOX_PAGE = { default: 50, max: 100 } as const;
/** Activity history reaches back this far (SPEC R11). */
export const HISTORY_DAYS = 90;

export const conversationListSchema = z.strictObject({
  /** active: the caller's own active chats; all: those plus every agent's past ones */
  filter: z.enum(['active', 'all']),
  /** matched against the visitor's name and email, case-insensitively */
  query: z.string().trim().max(200).optional(),
  /** only chats carrying this tag (protocol/toolkit.ts) */
  tagId: id.optional(),
  /** the `nextCursor` of the previous page */
  cursor: z.string().max(200).optional(),
  limit: z.number().int().min(1).max(INBOX_PAGE.max).optional(),
});
export const conversationOpenSchema = z.strictObject({ conversationId: id });
export const visitorHistorySchema = z.strictObject({ visitorId: id });
export const typingSetSchema = z.strictObject({ conversationId: id, typing: z.boolean() });

export type ConversationListInput = z.infer<typeof conversationListSchema>;
export type ConversationOpenInput = z.infer<typeof conversationOpenSchema>;
export type VisitorHistoryInput = z.infer<typeof visitorHistorySchema>;
export type TypingSetInput = z.infer<typeof typingSetSchema>;

export interface ConversationPage {
  /** newest first */
  items: ConversationDTO[];
  /** pass as `cursor` for the next page; null on the last page */
  nextCursor: string | null;
}

export interface ConversationTranscript {
  conversation: ConversationDTO;
  /** every message, in seq order */
  messages: MessageDTO[];
}

/**
 * One entry of a visitor's activity history. Today: chats started and ended; page visits and meetings
 * are further types, which is why the link fields are all optional.
 */
export type ActivityType =
  | 'chat_started'
  | 'chat_ended'
  | 'chat_missed'
  | 'page_visit'
  | 'meeting_booked'
  | 'meeting_cancelled';

export interface ActivityDTO {
  id: string;
  type: ActivityType;
  at: number;
  /** the chat whose transcript this activity opens, if any */
  conversationId: string | null;
  title: string | null;
  url: string | null;
  /** meeting_booked / meeting_cancelled: which meeting and when it is */
  meeting?: { id: string; start: number; end: number };
  /** chat_started / chat_ended / chat_missed: the chat's tags (protocol/toolkit.ts) */
  tags?: Array<{ id: string; name: string }>;
  /** chat_ended: the visitor's rating of the chat, once given (protocol/toolkit.ts) */
  rating?: { score: number };
}

export interface VisitorHistory {
  visitorId: string;
  /** newest first, only the last HISTORY_DAYS days */
  activities: ActivityDTO[];
}

export interface TypingUpdate {
  conversationId: string;
  author: 'visitor' | 'agent';
  typing: boolean;
}
