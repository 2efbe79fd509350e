/** The activity history: what visitors did, kept per visitor and per verified contact. */
import { randomUUID } from 'node:crypto';
import type { Selectable } from 'kysely';
import type { ActivityDTO, ActivityType } from '../../protocol/inbox.ts';
import type { ActivitiesTable, Db } from './schema.ts';

export type ActivityRow = Selectable<ActivitiesTable>;

export interface NewActivity {
  visitorId: string;
  type: ActivityType;
  at: number;
  conversationId?: string | null;
  title?: string | null;
  url?: string | null;
  meeting?: { id: string; start: number; end: number };
}

/** Stores an activity under the visitor and, when they are verified, their contact at this moment. */
export async function insertActivity(db: Db, a: NewActivity): Promise<ActivityRow | undefined> {
  const visitor = await db.selectFrom('visitors').select('contact_id').where('id', '=', a.visitorId).executeTakeFirst();
  if (!visitor) return undefined;
  const row: ActivityRow = {
    id: randomUUID(),
    visitor_id: a.visitorId,
    contact_id: visitor.contact_id,
    type: a.type,
    at: a.at,
    conversation_id: a.conversationId ?? null,
    title: a.title ?? null,
    url: a.url ?? null,
    data: a.meeting ? JSON.stringify({ meeting: a.meeting }) : null,
  };
  await db.insertInto('activities').values(row).execute();
  return row;
}

export function toActivityDTO(row: ActivityRow): ActivityDTO {
  const data = row.data ? (JSON.parse(row.data) as { meeting?: ActivityDTO['meeting'] }) : {};
  return {
    id: row.id,
    type: row.type,
    at: row.at,
    conversationId: row.conversation_id,
    title: row.title,
    url: row.url,
    ...(data.meeting ? { meeting: data.meeting } : {}),
  };
}

/**
 * Activities since `since`, newest first: the visitor's own, plus, for a verified contact, those of
 * every visitor linked to it and those recorded under it.
 */
export async function activitiesOf(
  db: Db,
  visitor: { id: string; contactId: string | null },
  since: number,
  limit: number,
): Promise<ActivityRow[]> {
  const { contactId } = visitor;
  return db
    .selectFrom('activities')
    .selectAll()
    .where('at', '>=', since)
    .where((eb) =>
      contactId
        ? eb.or([
            eb('contact_id', '=', contactId),
            eb('visitor_id', 'in', eb.selectFrom('visitors').select('id').where('contact_id', '=', contactId)),
          ])
        : eb('visitor_id', '=', visitor.id),
    )
    .orderBy('at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

/** Deletes activities older than `before`; answers how many went. */
export async function deleteActivitiesBefore(db: Db, before: number): Promise<number> {
  const result = await db.deleteFrom('activities').where('at', '<', before).executeTakeFirst();
  return Number(result.numDeletedRows);
}
