import type { Kysely } from 'kysely';

/**
 * Chats speak their readers' languages (SPEC R20): a line the service writes keeps its notice (JSON
 * protocol MessageNotice) beside the English body, for clients to word themselves; a conversation keeps
 * the language its widget started it in, to tell the visitor the fallback message in it. Rows from
 * before have neither: their body stays the text shown, and English is the visitor's language.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('messages').addColumn('notice', 'text').execute();
  await db.schema.alterTable('conversations').addColumn('locale', 'text').execute();
}
