/** A queued chat's place: 1 + the chats queued before it (earlier, or at the same moment with a smaller id). */
import type { Db } from '../db/schema.ts';

export async function queuePositionOf(db: Db, conversationId: string, queuedAt: number): Promise<number> {
  const row = await db
    .selectFrom('conversations')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('status', '=', 'waiting')
    .where('queued_at', 'is not', null)
    .where('id', '!=', conversationId)
    .where((eb) => eb.or([eb('queued_at', '<', queuedAt), eb.and([eb('queued_at', '=', queuedAt), eb('id', '<', conversationId)])]))
    .executeTakeFirstOrThrow();
  // count() is a string on PostgreSQL
  return Number(row.n) + 1;
}
