/**
 * Tags on chats (SPEC R28): admins define them; any agent tags the chats they may read (R8: their
 * own, and every agent's past ones). The chat's agent and the tagging agent are told the new tags.
 */
import { randomUUID } from 'node:crypto';
import { CommandError } from '../../protocol/ack.ts';
import {
  TOOLKIT_LIMITS,
  type ConversationTagInput,
  type ConversationTagsUpdate,
  type TagCreateInput,
  type TagDTO,
  type TagRenameInput,
} from '../../protocol/toolkit.ts';
import { findConversation, type ConversationRow } from '../db/conversations.ts';
import type { Db } from '../db/schema.ts';
import { tagsOfConversations } from '../db/tags.ts';
import { inTransaction, isUniqueViolation } from '../db/tx.ts';
import type { UserRow } from '../db/users.ts';
import type { ServiceDeps } from './deps.ts';
import { canRead } from './inbox.ts';
import { toAgent, type Delivery, type Outcome } from './outcome.ts';

/** Admin-only commands: a plain agent gets `forbidden`. */
export function requireAdmin(user: UserRow): void {
  if (user.role !== 'admin') throw new CommandError('forbidden');
}

const keyOf = (name: string) => name.trim().toLowerCase();

export async function listTags(deps: ServiceDeps): Promise<Outcome<TagDTO[]>> {
  const rows = await deps.db.selectFrom('tags').select(['id', 'name']).orderBy('name_key').execute();
  return { result: rows, events: [] };
}

export async function createTag(deps: ServiceDeps, user: UserRow, input: TagCreateInput): Promise<Outcome<TagDTO>> {
  requireAdmin(user);
  const tag = { id: randomUUID(), name: input.name };
  try {
    await deps.db.insertInto('tags').values({ ...tag, name_key: keyOf(input.name), created_at: deps.clock.now() }).execute();
  } catch (error) {
    if (isUniqueViolation(error)) throw new CommandError('conflict');
    throw error;
  }
  return { result: tag, events: [] };
}

export async function renameTag(deps: ServiceDeps, user: UserRow, input: TagRenameInput): Promise<Outcome<TagDTO>> {
  requireAdmin(user);
  try {
    const updated = await deps.db
      .updateTable('tags')
      .set({ name: input.name, name_key: keyOf(input.name) })
      .where('id', '=', input.tagId)
      .executeTakeFirst();
    if (updated.numUpdatedRows !== 1n) throw new CommandError('not_found');
  } catch (error) {
    if (isUniqueViolation(error)) throw new CommandError('conflict');
    throw error;
  }
  return { result: { id: input.tagId, name: input.name }, events: [] };
}

/** Deletes the tag and takes it off every chat. */
export async function deleteTag(deps: ServiceDeps, user: UserRow, tagId: string): Promise<Outcome<null>> {
  requireAdmin(user);
  await inTransaction(deps.db, async (trx) => {
    await trx.deleteFrom('conversation_tags').where('tag_id', '=', tagId).execute();
    const deleted = await trx.deleteFrom('tags').where('id', '=', tagId).executeTakeFirst();
    if (deleted.numDeletedRows !== 1n) throw new CommandError('not_found');
  });
  return { result: null, events: [] };
}

/** The conversation, if this agent may read it (R8); unknown → not_found, another agent's open chat → forbidden. */
export async function readableConversation(db: Db, agent: UserRow, conversationId: string): Promise<ConversationRow> {
  const conversation = await findConversation(db, conversationId);
  if (!conversation) throw new CommandError('not_found');
  if (!canRead(agent.id, conversation)) throw new CommandError('forbidden');
  return conversation;
}

async function tagsUpdate(db: Db, conversation: ConversationRow, agent: UserRow): Promise<Outcome<ConversationTagsUpdate>> {
  const tags = (await tagsOfConversations(db, [conversation.id])).get(conversation.id) ?? [];
  const update: ConversationTagsUpdate = { conversationId: conversation.id, tags };
  const told = new Set([agent.id, ...(conversation.agent_id ? [conversation.agent_id] : [])]);
  const events: Delivery[] = [...told].map((id) => toAgent(id, 'conversation:tagged', update));
  return { result: update, events };
}

/** Sets a tag on a chat; setting it again changes nothing. */
export async function tagConversation(deps: ServiceDeps, agent: UserRow, input: ConversationTagInput): Promise<Outcome<ConversationTagsUpdate>> {
  const conversation = await readableConversation(deps.db, agent, input.conversationId);
  await inTransaction(deps.db, async (trx) => {
    const tag = await trx.selectFrom('tags').select('id').where('id', '=', input.tagId).executeTakeFirst();
    if (!tag) throw new CommandError('not_found');
    const count = await trx
      .selectFrom('conversation_tags')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('conversation_id', '=', conversation.id)
      .executeTakeFirstOrThrow();
    const already = await trx
      .selectFrom('conversation_tags')
      .select('tag_id')
      .where('conversation_id', '=', conversation.id)
      .where('tag_id', '=', tag.id)
      .executeTakeFirst();
    if (already) return;
    if (Number(count.n) >= TOOLKIT_LIMITS.tagsPerChat) throw new CommandError('conflict');
    await trx
      .insertInto('conversation_tags')
      .values({ conversation_id: conversation.id, tag_id: tag.id, added_by: agent.id, added_at: deps.clock.now() })
      .onConflict((oc) => oc.columns(['conversation_id', 'tag_id']).doNothing())
      .execute();
  });
  return tagsUpdate(deps.db, conversation, agent);
}

export async function untagConversation(deps: ServiceDeps, agent: UserRow, input: ConversationTagInput): Promise<Outcome<ConversationTagsUpdate>> {
  const conversation = await readableConversation(deps.db, agent, input.conversationId);
  await deps.db.deleteFrom('conversation_tags').where('conversation_id', '=', conversation.id).where('tag_id', '=', input.tagId).execute();
  return tagsUpdate(deps.db, conversation, agent);
}
