import type { Selectable } from 'kysely';
import type { ConversationDTO, VisitorConversationDTO, VisitorDTO } from '../../protocol/dto.ts';
import type { ConversationsTable, Db } from './schema.ts';

export type ConversationRow = Selectable<ConversationsTable>;

/** Conversations joined with what their DTO shows: the visitor and the assigned agent's name. */
export function conversationQuery(db: Db) {
  return db
    .selectFrom('conversations as c')
    .innerJoin('visitors as v', 'v.id', 'c.visitor_id')
    .leftJoin('users as u', 'u.id', 'c.agent_id')
    .leftJoin('contacts as ct', 'ct.id', 'v.contact_id')
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

export function toConversationDTO(row: ConversationViewRow): ConversationDTO {
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
  };
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
  };
}

export async function getConversationDTO(db: Db, id: string): Promise<ConversationDTO> {
  return toConversationDTO(await conversationQuery(db).where('c.id', '=', id).executeTakeFirstOrThrow());
}

export async function listConversationDTOs(db: Db, ids: readonly string[]): Promise<ConversationDTO[]> {
  if (ids.length === 0) return [];
  const rows = await conversationQuery(db).where('c.id', 'in', ids).orderBy('c.created_at').orderBy('c.id').execute();
  return rows.map(toConversationDTO);
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
