/**
 * The inbox's reads, with SPEC R8 applied in the query: an agent sees their own conversations (any
 * status) and every agent's past ones (ended, missed), never another agent's active or waiting one.
 */
import { sql, type ExpressionBuilder } from 'kysely';
import { CommandError } from '../../protocol/ack.ts';
import {
  HISTORY_DAYS,
  INBOX_PAGE,
  type ActivityDTO,
  type ConversationListInput,
  type ConversationPage,
  type ConversationTranscript,
  type VisitorHistory,
} from '../../protocol/inbox.ts';
import { conversationQuery, findConversation, getConversationDTO, toConversationDTOs } from '../db/conversations.ts';
import { toMessageDTO } from '../db/messages.ts';
import { tagsOfConversations } from '../db/tags.ts';
import type { DB } from '../db/schema.ts';
import type { UserRow } from '../db/users.ts';
import type { ServiceDeps } from './deps.ts';
import { listActivities } from './activities.ts';
import type { Outcome } from './outcome.ts';
import { decodePageCursor, encodePageCursor } from './page-cursor.ts';

const DAY_MS = 24 * 60 * 60 * 1000;
const PAST = ['ended', 'missed'] as const;

type ConversationsEb = ExpressionBuilder<DB & { c: DB['conversations'] }, 'c'>;

/** The R8 rule as a WHERE clause over `conversations as c`. */
export function visibleTo(agentId: string) {
  return (eb: ConversationsEb) => eb.or([eb('c.agent_id', '=', agentId), eb('c.status', 'in', PAST)]);
}

/** Chats carrying the tag, as a WHERE clause over `conversations as c`. */
export function hasTag(tagId: string) {
  return (eb: ConversationsEb) =>
    eb.exists(
      eb
        .selectFrom('conversation_tags as tg')
        .select(sql.lit(1).as('one'))
        .whereRef('tg.conversation_id', '=', 'c.id')
        .where('tg.tag_id', '=', tagId),
    );
}

/** May this agent read this conversation? Unknown → not_found, someone else's open chat → forbidden. */
export function canRead(agentId: string, c: { agent_id: string | null; status: string }): boolean {
  return c.agent_id === agentId || (PAST as readonly string[]).includes(c.status);
}

/** `%` and `_` typed by the agent are matched literally. */
function likePattern(query: string): string {
  return `%${query.toLowerCase().replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
}

export async function listConversations(
  deps: ServiceDeps,
  agent: UserRow,
  input: ConversationListInput,
): Promise<Outcome<ConversationPage>> {
  const limit = input.limit ?? INBOX_PAGE.default;
  let query = conversationQuery(deps.db).where(
    input.filter === 'active'
      ? (eb) => eb.and([eb('c.agent_id', '=', agent.id), eb('c.status', '=', 'active')])
      : visibleTo(agent.id),
  );
  if (input.query) {
    const pattern = likePattern(input.query);
    query = query.where((eb) =>
      eb.or([
        eb(sql`lower(v.name)`, 'like', sql`${pattern} escape '\\'`),
        eb(sql`lower(v.email)`, 'like', sql`${pattern} escape '\\'`),
      ]),
    );
  }
  if (input.tagId) query = query.where(hasTag(input.tagId));
  if (input.cursor) {
    const after = decodePageCursor(input.cursor);
    query = query.where((eb) =>
      eb.or([
        eb('c.created_at', '<', after.at),
        eb.and([eb('c.created_at', '=', after.at), eb('c.id', '<', after.id)]),
      ]),
    );
  }
  const rows = await query.orderBy('c.created_at', 'desc').orderBy('c.id', 'desc').limit(limit + 1).execute();
  const items = await toConversationDTOs(deps.db, rows.slice(0, limit));
  const last = items.at(-1);
  const nextCursor = rows.length > limit && last ? encodePageCursor({ at: last.createdAt, id: last.id }) : null;
  return { result: { items, nextCursor }, events: [] };
}

export async function openConversation(deps: ServiceDeps, agent: UserRow, conversationId: string): Promise<Outcome<ConversationTranscript>> {
  const row = await findConversation(deps.db, conversationId);
  if (!row) throw new CommandError('not_found');
  if (!canRead(agent.id, row)) throw new CommandError('forbidden');
  const messages = await deps.db
    .selectFrom('messages')
    .selectAll()
    .where('conversation_id', '=', conversationId)
    .orderBy('seq')
    .execute();
  return { result: { conversation: await getConversationDTO(deps.db, conversationId), messages: messages.map(toMessageDTO) }, events: [] };
}

/** The visitor and, once verified, every visitor of the same contact: one person, one history. */
async function samePersonVisitorIds(deps: ServiceDeps, visitorId: string): Promise<string[]> {
  const visitor = await deps.db.selectFrom('visitors').select('contact_id').where('id', '=', visitorId).executeTakeFirst();
  if (!visitor) return [];
  if (!visitor.contact_id) return [visitorId];
  const linked = await deps.db.selectFrom('visitors').select('id').where('contact_id', '=', visitor.contact_id).execute();
  return linked.map((v) => v.id);
}

const CHAT_TYPES: readonly string[] = ['chat_started', 'chat_ended', 'chat_missed'];

/**
 * The visitor's activities of the last 90 days: chats come from the conversations this agent may see
 * (so R8 holds for transcripts too), page visits and meetings from the activity log. An agent who may
 * see none of the visitor's conversations learns nothing (not_found).
 */
export async function visitorHistory(deps: ServiceDeps, agent: UserRow, visitorId: string): Promise<Outcome<VisitorHistory>> {
  const now = deps.clock.now();
  const since = now - HISTORY_DAYS * DAY_MS;
  const visitorIds = await samePersonVisitorIds(deps, visitorId);
  if (visitorIds.length === 0) throw new CommandError('not_found');
  const all = await deps.db
    .selectFrom('conversations as c')
    .leftJoin('users as u', 'u.id', 'c.agent_id')
    .leftJoin('ratings as r', 'r.conversation_id', 'c.id')
    .select(['c.id', 'c.status', 'c.agent_id', 'c.page_url', 'c.created_at', 'c.ended_at', 'u.name as agent_name', 'r.score as rating_score'])
    .where('c.visitor_id', 'in', visitorIds)
    .execute();
  const visible = all.filter((c) => canRead(agent.id, c));
  if (visible.length === 0) throw new CommandError('not_found');
  const tagsByChat = await tagsOfConversations(deps.db, visible.map((c) => c.id));
  const activities: ActivityDTO[] = [];
  for (const c of visible) {
    const tags = tagsByChat.get(c.id) ?? [];
    activities.push({ id: `${c.id}:start`, type: 'chat_started', at: c.created_at, conversationId: c.id, title: c.agent_name, url: c.page_url, tags });
    if (c.ended_at !== null) {
      const type = c.status === 'missed' ? 'chat_missed' : 'chat_ended';
      const rated = c.rating_score === null ? {} : { rating: { score: c.rating_score } };
      activities.push({ id: `${c.id}:end`, type, at: c.ended_at, conversationId: c.id, title: c.agent_name, url: null, tags, ...rated });
    }
  }
  const logged = (await listActivities(deps.db, { visitorId }, now)) ?? [];
  activities.push(...logged.filter((a) => !CHAT_TYPES.includes(a.type)));
  const recent = activities.filter((a) => a.at >= since).sort((a, b) => b.at - a.at || b.id.localeCompare(a.id));
  return { result: { visitorId, activities: recent }, events: [] };
}
