/**
 * Full-text search over chat messages (SPEC R30), with R8 applied in the query exactly as the inbox
 * does (services/inbox.ts visibleTo): the caller's own chats and every agent's past ones, never another
 * agent's open chat. Internal notes are found like messages (only agents search); the service's own
 * lines are not. SQLite matches through the FTS5 table messages_fts, PostgreSQL through
 * to_tsvector('simple', body) (migration 010); every word must match as the start of a word.
 * Snippets are plain text with match offsets, never markup.
 */
import { PostgresAdapter, sql, type RawBuilder } from 'kysely';
import { indexPendingMessages } from '../db/search-index.ts';
import { CommandError } from '../../protocol/ack.ts';
import { searchTerms, TOOLKIT_LIMITS, type SearchHit, type SearchInput, type SearchPage, type Snippet } from '../../protocol/toolkit.ts';
import { listConversationDTOs } from '../db/conversations.ts';
import type { Db } from '../db/schema.ts';
import type { UserRow } from '../db/users.ts';
import type { ServiceDeps } from './deps.ts';
import { hasTag, visibleTo } from './inbox.ts';
import type { Outcome } from './outcome.ts';
import { decodePageCursor, encodePageCursor } from './page-cursor.ts';

/** The database's full-text match of every term, as a prefix, over `messages as m`. */
function matchesAll(db: Db, terms: readonly string[]): RawBuilder<boolean> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    const query = terms.map((t) => `${t}:*`).join(' & ');
    return sql<boolean>`to_tsvector('simple', m.body) @@ to_tsquery('simple', ${query})`;
  }
  const query = terms.map((t) => `"${t}"*`).join(' ');
  return sql<boolean>`m.rowid in (select rowid from messages_fts where messages_fts match ${query})`;
}

const SNIPPET = { before: 60, length: 180 } as const;

/**
 * The piece of `body` around the first match of any term (a word starting with it, any case), and
 * where in that piece each matching word is. No match (the index split a word differently): the start.
 */
export function snippetOf(body: string, terms: readonly string[]): Snippet {
  const words = terms.map((t) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const pattern = words.length ? new RegExp(`(?<![\\p{L}\\p{N}])(?:${words.join('|')})[\\p{L}\\p{N}]*`, 'giu') : null;
  const matches = pattern ? [...body.matchAll(pattern)] : [];
  const first = matches[0]?.index ?? 0;
  let start = Math.max(0, first - SNIPPET.before);
  // begin at a word boundary when cutting, and never inside a surrogate pair
  if (start > 0) {
    const space = body.lastIndexOf(' ', first);
    if (space >= start) start = body.indexOf(' ', start) + 1 || start;
  }
  if (/[\uDC00-\uDFFF]/.test(body[start] ?? '')) start -= 1;
  let end = Math.min(body.length, start + SNIPPET.length);
  if (/[\uDC00-\uDFFF]/.test(body[end] ?? '')) end += 1;
  const highlights = matches
    .map((m) => ({ start: m.index - start, end: m.index + m[0].length - start }))
    .filter((h) => h.start >= 0 && h.end <= end - start);
  return { text: body.slice(start, end), highlights, cutStart: start > 0, cutEnd: end < body.length };
}

export async function searchMessages(deps: ServiceDeps, agent: UserRow, input: SearchInput): Promise<Outcome<SearchPage>> {
  const terms = searchTerms(input.query);
  if (terms.length === 0) throw new CommandError('invalid_payload');
  const limit = input.limit ?? TOOLKIT_LIMITS.searchPage.default;
  await indexPendingMessages(deps.db);
  let query = deps.db
    .selectFrom('messages as m')
    .innerJoin('conversations as c', 'c.id', 'm.conversation_id')
    .select(['m.id', 'm.conversation_id', 'm.seq', 'm.author', 'm.note', 'm.body', 'm.created_at'])
    .where(visibleTo(agent.id))
    .where('m.author', '!=', 'system')
    .where(matchesAll(deps.db, terms));
  if (input.tagId) query = query.where(hasTag(input.tagId));
  if (input.cursor) {
    const after = decodePageCursor(input.cursor);
    query = query.where((eb) =>
      eb.or([eb('m.created_at', '<', after.at), eb.and([eb('m.created_at', '=', after.at), eb('m.id', '<', after.id)])]),
    );
  }
  const rows = await query.orderBy('m.created_at', 'desc').orderBy('m.id', 'desc').limit(limit + 1).execute();
  const page = rows.slice(0, limit);
  const conversations = new Map((await listConversationDTOs(deps.db, [...new Set(page.map((r) => r.conversation_id))])).map((c) => [c.id, c]));
  const items: SearchHit[] = page.map((r) => ({
    conversation: conversations.get(r.conversation_id)!,
    messageId: r.id,
    seq: r.seq,
    author: r.author,
    note: r.note === 1,
    createdAt: r.created_at,
    snippet: snippetOf(r.body, terms),
  }));
  const last = page.at(-1);
  const nextCursor = rows.length > limit && last ? encodePageCursor({ at: last.created_at, id: last.id }) : null;
  return { result: { items, nextCursor }, events: [] };
}
