import type { Selectable } from 'kysely';
import type { ConversationDTO, VisitorConversationDTO, VisitorDTO } from '../../protocol/dto.ts';
import type { TagDTO } from '../../protocol/toolkit.ts';
import type { ConversationsTable, Db } from './schema.ts';
import { tagsOfConversations } from './tags.ts';

export type ConversationRow = Selectable<ConversationsTable>;

/** Conversations joined with what their DTO shows: the visitor and the assigned agent's name. */
export function conversationQuery(db: Db) {
  return db
    .selectFrom('conversations as c')
    .innerJoin('visitors as v', 'v.id', 'c.visitor_id')
    .leftJoin('users as u', 'u.id', 'c.agent_id')
    .leftJoin('contacts as ct', 'ct.id', 'v.contact_id')
    .leftJoin('ratings as r', 'r.conversation_id', 'c.id')
    .select((eb) => [
      'r.score as rating_score',
      'r.comment as rating_comment',
      'r.created_at as rating_created_at',
      'c.agent_read_seq',
      // visitor messages the chat's agent has not read yet
      eb
        .selectFrom('messages as um')
        .select((sub) => sub.fn.countAll().as('n'))
        .whereRef('um.conversation_id', '=', 'c.id')
        .where('um.author', '=', 'visitor')
        .whereRef('um.seq', '>', 'c.agent_read_seq')
        .as('unread'),
    ])
    .select([
      'c.id',
      'c.status',
      'c.agent_id',
      'c.last_seq',
      'c.created_at',
      'c.ended_at',
      'c.ended_by',
      'v.id as visitor_id',
      'v.name as visitor_name',
      'v.email as visitor_email',
      'v.job_title as visitor_job_title',
      'v.phone as visitor_phone',
      'v.crm_status as visitor_crm_status',
      'v.company as visitor_company',
      'v.custom as visitor_custom',
      'ct.email as visitor_verified_email',
      'u.name as agent_name',
    ]);
}

type ConversationViewRow = Awaited<ReturnType<ReturnType<typeof conversationQuery>['executeTakeFirstOrThrow']>>;

/** `tags`: the conversation's tags (tagsOfConversations); left out, the DTO says none. */
export function toConversationDTO(row: ConversationViewRow, tags: TagDTO[] = []): ConversationDTO {
  const visitor: VisitorDTO = {
    id: row.visitor_id,
    name: row.visitor_name,
    email: row.visitor_email,
    jobTitle: row.visitor_job_title,
    phone: row.visitor_phone,
    crmStatus: row.visitor_crm_status,
    company: row.visitor_company,
    custom: row.visitor_custom ? (JSON.parse(row.visitor_custom) as Record<string, string>) : {},
    // the chat form may have replaced the proven email since; then it is only claimed again
    verified: row.visitor_verified_email !== null && row.visitor_verified_email === row.visitor_email?.toLowerCase(),
  };
  return {
    id: row.id,
    status: row.status,
    visitor,
    agentId: row.agent_id,
    agentName: row.agent_name,
    lastSeq: row.last_seq,
    createdAt: row.created_at,
    endedAt: row.ended_at,
    endedBy: row.ended_by,
    tags,
    rating: row.rating_score === null ? null : { score: row.rating_score, comment: row.rating_comment, createdAt: Number(row.rating_created_at) },
    agentReadSeq: row.agent_read_seq,
    unread: Number(row.unread ?? 0),
  };
}

/** DTOs of conversation rows, with their tags read in one query. */
export async function toConversationDTOs(db: Db, rows: readonly ConversationViewRow[]): Promise<ConversationDTO[]> {
  const tags = await tagsOfConversations(db, rows.map((r) => r.id));
  return rows.map((row) => toConversationDTO(row, tags.get(row.id)));
}

/** What a visitor may see of their conversation: no agent ids, no CRM data. */
export function toVisitorConversationDTO(c: ConversationDTO): VisitorConversationDTO {
  return {
    id: c.id,
    status: c.status,
    agentName: c.agentName,
    lastSeq: c.lastSeq,
    createdAt: c.createdAt,
    endedAt: c.endedAt,
    seenSeq: c.agentReadSeq ?? 0,
    rated: c.rating !== null && c.rating !== undefined,
  };
}

export async function getConversationDTO(db: Db, id: string): Promise<ConversationDTO> {
  const [dto] = await toConversationDTOs(db, [await conversationQuery(db).where('c.id', '=', id).executeTakeFirstOrThrow()]);
  return dto!;
}

export async function listConversationDTOs(db: Db, ids: readonly string[]): Promise<ConversationDTO[]> {
  if (ids.length === 0) return [];
  const rows = await conversationQuery(db).where('c.id', 'in', ids).orderBy('c.created_at').orderBy('c.id').execute();
  return toConversationDTOs(db, rows);
}

/**
 * Reads a conversation and takes its row lock (a no-op update). Every transaction that changes a
 * conversation, its offers and agents locks the conversation first, so PostgreSQL never sees the
 * locks taken in opposite orders.
 */
export function lockConversation(db: Db, id: string): Promise<ConversationRow | undefined> {
  return db
    .updateTable('conversations')
    .set((eb) => ({ last_seq: eb.ref('last_seq') }))
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}

export function findConversation(db: Db, id: string): Promise<ConversationRow | undefined> {
  return db.selectFrom('conversations').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findOpenConversationOf(db: Db, visitorId: string): Promise<ConversationRow | undefined> {
  return db
    .selectFrom('conversations')
    .selectAll()
    .where('visitor_id', '=', visitorId)
    .where('status', 'in', ['waiting', 'active'])
    .executeTakeFirst();
}
