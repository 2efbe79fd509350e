import type { TagDTO } from '../../protocol/toolkit.ts';
import type { Db } from './schema.ts';

/** The tags of each conversation, by name; a conversation without tags has an empty list. */
export async function tagsOfConversations(db: Db, conversationIds: readonly string[]): Promise<Map<string, TagDTO[]>> {
  const byConversation = new Map<string, TagDTO[]>(conversationIds.map((id) => [id, []]));
  if (conversationIds.length === 0) return byConversation;
  const rows = await db
    .selectFrom('conversation_tags as ct')
    .innerJoin('tags as t', 't.id', 'ct.tag_id')
    .select(['ct.conversation_id', 't.id', 't.name'])
    .where('ct.conversation_id', 'in', conversationIds)
    .orderBy('t.name_key')
    .execute();
  for (const row of rows) byConversation.get(row.conversation_id)?.push({ id: row.id, name: row.name });
  return byConversation;
}
