/**
 * The agent toolkit in the worker (issue 15): tags, saved replies and message search are asked of the
 * server and written into the cache (tags and replies as lists in `meta`, found chats as conversations);
 * the facts the server pushes about tags, ratings and reads land in the cached conversations.
 */
import type {
  ConversationRatingUpdate,
  ConversationReadUpdate,
  ConversationTagsUpdate,
  SavedReplyCreateInput,
  SavedReplyDTO,
  SavedReplyUpdateInput,
  SearchInput,
  SearchPage,
  TagDTO,
} from '../../protocol/toolkit.ts';
import { db } from '../../utils/db.ts';
import type { CommandResult } from '../../utils/messaging.ts';
import { upsertConversations } from './cache.ts';
import type { Connection } from './connection.ts';
import type { SerialQueue } from './queue.ts';
import { request, type AgentSocket } from './socket.ts';

/** Keys of the lists the worker keeps in the cache's `meta` table. */
export const TAGS_KEY = 'tags';
export const REPLIES_KEY = 'savedReplies';

export interface ToolkitActions {
  listTags(): Promise<CommandResult<TagDTO[]>>;
  tagConversation(input: { conversationId: string; tagId: string; on: boolean }): Promise<CommandResult<ConversationTagsUpdate>>;
  listReplies(): Promise<CommandResult<SavedReplyDTO[]>>;
  createReply(input: SavedReplyCreateInput): Promise<CommandResult<SavedReplyDTO>>;
  updateReply(input: SavedReplyUpdateInput): Promise<CommandResult<SavedReplyDTO>>;
  deleteReply(input: { replyId: string }): Promise<CommandResult<null>>;
  searchMessages(input: SearchInput): Promise<CommandResult<SearchPage>>;
}

export function applyTags(update: ConversationTagsUpdate): Promise<number> {
  return db.conversations.update(update.conversationId, { tags: update.tags });
}

export function applyRating(update: ConversationRatingUpdate): Promise<number> {
  return db.conversations.update(update.conversationId, { rating: update.rating });
}

/** The server's read mark only moves the local one forward. */
export function applyRead(update: ConversationReadUpdate): Promise<number> {
  return db.conversations
    .where('id')
    .equals(update.conversationId)
    .modify((c) => {
      c.readSeq = Math.max(c.readSeq ?? 0, update.readSeq);
      c.agentReadSeq = Math.max(c.agentReadSeq ?? 0, update.readSeq);
      c.unread = update.unread;
    });
}

export function bindToolkitEvents(socket: AgentSocket, { queue }: { queue: SerialQueue }): void {
  socket.on('conversation:tagged', (update) => queue.push(() => applyTags(update)));
  socket.on('conversation:rated', (update) => queue.push(() => applyRating(update)));
  socket.on('unread:updated', (update) => queue.push(() => applyRead(update)));
}

export function createToolkitActions({ connection, queue }: { connection: Connection; queue: SerialQueue }): ToolkitActions {
  const keep = async <T>(key: string, result: CommandResult<T>) => {
    if (result.ok) await db.meta.put({ key, value: result.data });
    return result;
  };
  const listReplies = async () => keep(REPLIES_KEY, await request(await connection.ready(), 'replies:list', {}));
  /** A change to one reply answers with that reply; the cached list is read again from the server. */
  const thenRefresh = async <T>(result: CommandResult<T>) => {
    if (result.ok) await listReplies();
    return result;
  };

  return {
    listTags: async () => keep(TAGS_KEY, await request(await connection.ready(), 'tags:list', {})),

    async tagConversation({ conversationId, tagId, on }) {
      const result = await request(await connection.ready(), on ? 'conversation:tag' : 'conversation:untag', { conversationId, tagId });
      if (result.ok) await queue.run(() => applyTags(result.data));
      return result;
    },

    listReplies,
    createReply: async (input) => thenRefresh(await request(await connection.ready(), 'replies:create', input)),
    updateReply: async (input) => thenRefresh(await request(await connection.ready(), 'replies:update', input)),
    deleteReply: async (input) => thenRefresh(await request(await connection.ready(), 'replies:delete', input)),

    async searchMessages(input) {
      const result = await request(await connection.ready(), 'search:messages', input);
      if (!result.ok) return result;
      // the chats found become rows of the cache, so opening one reads it from there like any other
      const found = new Map(result.data.items.map((hit) => [hit.conversation.id, hit.conversation]));
      await queue.run(() => upsertConversations([...found.values()]));
      return result;
    },
  };
}
