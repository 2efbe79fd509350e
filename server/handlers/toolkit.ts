/** The agent toolkit's commands (notes, tags, saved replies, search, unread) and the visitor's rating. */
import { emptyInputSchema } from '../../protocol/meetings.ts';
import {
  chatRateSchema,
  conversationReadSchema,
  conversationTagSchema,
  noteAddSchema,
  savedReplyCreateSchema,
  savedReplyListSchema,
  savedReplyRefSchema,
  savedReplyUpdateSchema,
  searchSchema,
  tagCreateSchema,
  tagRefSchema,
  tagRenameSchema,
} from '../../protocol/toolkit.ts';
import type { UserRow } from '../db/users.ts';
import type { ServiceDeps } from '../services/deps.ts';
import { queueNote } from '../services/message-writer.ts';
import { rateChat } from '../services/ratings.ts';
import { markRead } from '../services/reads.ts';
import { createSavedReply, deleteSavedReply, listSavedReplies, updateSavedReply } from '../services/saved-replies.ts';
import { searchMessages } from '../services/search.ts';
import { createTag, deleteTag, listTags, renameTag, tagConversation, untagConversation } from '../services/tags.ts';
import { command, type CommandContext } from './command.ts';
import type { AgentSocket, VisitorSocket } from './types.ts';

interface ToolkitDeps {
  services: ServiceDeps;
  ctx: CommandContext;
}

/** `me` is the agent checked by the namespace's per-event guard. */
export function registerAgentToolkitHandlers(socket: AgentSocket, deps: ToolkitDeps, me: () => UserRow): void {
  const { services, ctx } = deps;
  socket.on('note:add', command(ctx, 'note:add', noteAddSchema, (input) => queueNote(services, { kind: 'agent', agent: me() }, input)));

  socket.on('tags:list', command(ctx, 'tags:list', emptyInputSchema, () => listTags(services)));
  socket.on('tags:create', command(ctx, 'tags:create', tagCreateSchema, (input) => createTag(services, me(), input)));
  socket.on('tags:rename', command(ctx, 'tags:rename', tagRenameSchema, (input) => renameTag(services, me(), input)));
  socket.on('tags:delete', command(ctx, 'tags:delete', tagRefSchema, (input) => deleteTag(services, me(), input.tagId)));
  socket.on('conversation:tag', command(ctx, 'conversation:tag', conversationTagSchema, (input) => tagConversation(services, me(), input)));
  socket.on('conversation:untag', command(ctx, 'conversation:untag', conversationTagSchema, (input) => untagConversation(services, me(), input)));

  socket.on('replies:list', command(ctx, 'replies:list', savedReplyListSchema, () => listSavedReplies(services, me())));
  socket.on('replies:create', command(ctx, 'replies:create', savedReplyCreateSchema, (input) => createSavedReply(services, me(), input)));
  socket.on('replies:update', command(ctx, 'replies:update', savedReplyUpdateSchema, (input) => updateSavedReply(services, me(), input)));
  socket.on('replies:delete', command(ctx, 'replies:delete', savedReplyRefSchema, (input) => deleteSavedReply(services, me(), input.replyId)));

  socket.on('search:messages', command(ctx, 'search:messages', searchSchema, (input) => searchMessages(services, me(), input)));
  socket.on('conversation:read', command(ctx, 'conversation:read', conversationReadSchema, (input) => markRead(services, me(), input)));
}

export function registerVisitorToolkitHandlers(socket: VisitorSocket, deps: ToolkitDeps): void {
  const visitorId = socket.data.visitorId;
  socket.on('chat:rate', command(deps.ctx, 'chat:rate', chatRateSchema, (input) => rateChat(deps.services, visitorId, input)));
}
