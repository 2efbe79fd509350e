/**
 * The agent's toolkit (SPEC R26–R30, issue 15): internal notes, tags, ratings, saved replies, search,
 * unread counts and "seen". Schemas of the commands, the shapes they answer with, and the placeholder
 * expansion of saved replies that the server and the extension share.
 */
import { z } from 'zod';
import { LIMITS } from './limits.ts';
import type { ConversationDTO, MessageAuthor } from './dto.ts';

const id = z.string().min(1).max(64);
const clientId = z.string().min(1).max(LIMITS.clientId).regex(/^[A-Za-z0-9_-]+$/);
const text = (max: number) =>
  z
    .string()
    .max(max)
    .refine((s) => s.trim().length > 0, { message: 'empty' });

export const TOOLKIT_LIMITS = {
  tagName: 40,
  tagsPerChat: 20,
  ratingComment: 1000,
  replyShortcut: 40,
  replyBody: LIMITS.messageBody,
  /** an agent's personal replies, and the shared ones, each at most this many */
  repliesPerScope: 500,
  searchQuery: 200,
  searchTerms: 8,
  searchPage: { default: 20, max: 50 },
} as const;

// ----- internal notes (R27) -----
/** `note:add`: a note in a chat the agent holds; idempotent by client id, like message:send. */
export const noteAddSchema = z.strictObject({ conversationId: id, clientId, body: text(LIMITS.messageBody) });
export type NoteAddInput = z.infer<typeof noteAddSchema>;

// ----- tags (R28) -----
export interface TagDTO {
  id: string;
  name: string;
}
const tagName = z.string().trim().min(1).max(TOOLKIT_LIMITS.tagName);
export const tagCreateSchema = z.strictObject({ name: tagName });
export const tagRenameSchema = z.strictObject({ tagId: id, name: tagName });
export const tagRefSchema = z.strictObject({ tagId: id });
/** `conversation:tag` / `conversation:untag` */
export const conversationTagSchema = z.strictObject({ conversationId: id, tagId: id });
export type TagCreateInput = z.infer<typeof tagCreateSchema>;
export type TagRenameInput = z.infer<typeof tagRenameSchema>;
export type TagRefInput = z.infer<typeof tagRefSchema>;
export type ConversationTagInput = z.infer<typeof conversationTagSchema>;

/** A chat's tags changed (`conversation:tagged`): its agent and the agent who changed them are told. */
export interface ConversationTagsUpdate {
  conversationId: string;
  tags: TagDTO[];
}

// ----- rating (R29) -----
export interface RatingDTO {
  /** 1 (worst) … 5 (best) */
  score: number;
  comment: string | null;
  createdAt: number;
}
/** `chat:rate` on /visitor: once per ended chat. */
export const chatRateSchema = z.strictObject({
  conversationId: id,
  score: z.number().int().min(1).max(5),
  comment: z.string().trim().max(TOOLKIT_LIMITS.ratingComment).optional(),
});
export type ChatRateInput = z.infer<typeof chatRateSchema>;

/** `conversation:rated`, to the chat's agent. */
export interface ConversationRatingUpdate {
  conversationId: string;
  rating: RatingDTO;
}

// ----- saved replies (R26) -----
export type SavedReplyScope = 'personal' | 'shared';
export interface SavedReplyDTO {
  id: string;
  scope: SavedReplyScope;
  /** what the agent types after `/` to find it */
  shortcut: string;
  /** may hold placeholders, see expandPlaceholders */
  body: string;
  updatedAt: number;
}
const shortcut = z
  .string()
  .trim()
  .min(1)
  .max(TOOLKIT_LIMITS.replyShortcut)
  .regex(/^[^\s/]+$/u, { message: 'one word, no slash' });
export const savedReplyListSchema = z.strictObject({});
export const savedReplyCreateSchema = z.strictObject({
  scope: z.enum(['personal', 'shared']),
  shortcut,
  body: text(TOOLKIT_LIMITS.replyBody),
});
export const savedReplyUpdateSchema = z
  .strictObject({ replyId: id, shortcut: shortcut.optional(), body: text(TOOLKIT_LIMITS.replyBody).optional() })
  .refine((v) => v.shortcut !== undefined || v.body !== undefined, { message: 'nothing to change' });
export const savedReplyRefSchema = z.strictObject({ replyId: id });
export type SavedReplyCreateInput = z.infer<typeof savedReplyCreateSchema>;
export type SavedReplyUpdateInput = z.infer<typeof savedReplyUpdateSchema>;
export type SavedReplyRefInput = z.infer<typeof savedReplyRefSchema>;

export interface PlaceholderValues {
  visitorName: string | null;
  agentName: string | null;
}

/** What `{visitor.name}` becomes when the visitor gave no name ("Hi {visitor.name}" → "Hi there"). */
export const NO_VISITOR_NAME = 'there';

/**
 * Fills `{visitor.name}` and `{agent.name}` in a saved reply. Anything else in braces, or a placeholder
 * written differently (`{Visitor.Name}`, `{ visitor.name }`), stays exactly as typed. A missing visitor
 * name becomes `noVisitorName` (the caller may pass a word in the reader's language); a missing agent
 * name becomes the empty string. Values are inserted as text, never parsed again.
 */
export function expandPlaceholders(template: string, values: PlaceholderValues, noVisitorName: string = NO_VISITOR_NAME): string {
  return template.replace(/\{(visitor\.name|agent\.name)\}/g, (_match, key: string) => {
    if (key === 'visitor.name') return values.visitorName?.trim() || noVisitorName;
    return values.agentName?.trim() ?? '';
  });
}

// ----- search (R30) -----
export const searchSchema = z.strictObject({
  /** words to find in messages; every word must match, each as the start of a word */
  query: z.string().trim().min(1).max(TOOLKIT_LIMITS.searchQuery),
  /** only chats carrying this tag */
  tagId: id.optional(),
  /** the `nextCursor` of the previous page */
  cursor: z.string().max(200).optional(),
  limit: z.number().int().min(1).max(TOOLKIT_LIMITS.searchPage.max).optional(),
});
export type SearchInput = z.infer<typeof searchSchema>;

/** A piece of a message around the match, as plain text; `highlights` are [start, end) offsets into `text`. */
export interface Snippet {
  text: string;
  highlights: Array<{ start: number; end: number }>;
  /** text was cut before / after the piece shown */
  cutStart: boolean;
  cutEnd: boolean;
}

export interface SearchHit {
  conversation: ConversationDTO;
  messageId: string;
  /** open the transcript at this message */
  seq: number;
  author: MessageAuthor;
  /** the match is in an internal note */
  note: boolean;
  createdAt: number;
  snippet: Snippet;
}

export interface SearchPage {
  /** newest message first */
  items: SearchHit[];
  nextCursor: string | null;
}

/**
 * The words of a search as both databases' full-text indexes split them: runs of letters and digits,
 * lower-cased, at most TOOLKIT_LIMITS.searchTerms, no repeats.
 */
export function searchTerms(query: string): string[] {
  const words = query.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  return [...new Set(words)].slice(0, TOOLKIT_LIMITS.searchTerms);
}

// ----- unread and seen -----
/** `conversation:read`: the agent has read their chat up to `seq`. */
export const conversationReadSchema = z.strictObject({ conversationId: id, seq: z.number().int().min(0) });
export type ConversationReadInput = z.infer<typeof conversationReadSchema>;

/** `conversation:read` to the agent's other sockets: how far they read and what is still unread. */
export interface ConversationReadUpdate {
  conversationId: string;
  readSeq: number;
  unread: number;
}

/** `conversation:seen` on /visitor: the agent has read the chat up to `seq`. */
export interface ConversationSeenUpdate {
  conversationId: string;
  seq: number;
}
