import type { Kysely } from 'kysely';

/**
 * Every message raises its conversation's `last_seq` and `last_activity_at`. `conversations_idle`
 * (status, last_activity_at) was the one index over either, and it cost every message an index update:
 * on PostgreSQL far more than that, since a row update that changes an indexed column cannot be a
 * heap-only (HOT) update, so each message wrote a new entry into every index of the table and left
 * dead ones behind (the batch's UPDATE took 8–22 ms of a 190-message batch, 1 ms without the index:
 * docs/BENCHMARKS.md). The idle sweep it served reads `coalesce(last_activity_at, created_at)`, which
 * the index could not range over anyway; it now reads the active chats through the status-led
 * indexes, a few thousand rows at most. tests/server/schema-hot-columns.test.ts keeps both columns
 * out of every index.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('conversations_idle').execute();
}
