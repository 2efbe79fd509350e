/**
 * Saved replies (SPEC R26): an agent's personal ones, which only they see and change, and shared ones
 * (owner_id null) that every agent sees and only admins change. Another agent's personal reply does
 * not exist for the caller (not_found); a shared one changed by a plain agent is `forbidden`.
 */
import { randomUUID } from 'node:crypto';
import type { Selectable } from 'kysely';
import { CommandError } from '../../protocol/ack.ts';
import { TOOLKIT_LIMITS, type SavedReplyCreateInput, type SavedReplyDTO, type SavedReplyUpdateInput } from '../../protocol/toolkit.ts';
import type { Db, SavedRepliesTable } from '../db/schema.ts';
import type { UserRow } from '../db/users.ts';
import type { ServiceDeps } from './deps.ts';
import type { Outcome } from './outcome.ts';
import { requireAdmin } from './tags.ts';

type ReplyRow = Selectable<SavedRepliesTable>;

function toSavedReplyDTO(row: ReplyRow): SavedReplyDTO {
  return { id: row.id, scope: row.owner_id === null ? 'shared' : 'personal', shortcut: row.shortcut, body: row.body, updatedAt: row.updated_at };
}

/** The caller's own replies first, then the shared ones, each by shortcut. */
export async function listSavedReplies(deps: ServiceDeps, agent: UserRow): Promise<Outcome<SavedReplyDTO[]>> {
  const rows = await deps.db
    .selectFrom('saved_replies')
    .selectAll()
    .where((eb) => eb.or([eb('owner_id', '=', agent.id), eb('owner_id', 'is', null)]))
    .execute();
  const sorted = rows.sort((a, b) => Number(a.owner_id === null) - Number(b.owner_id === null) || a.shortcut.localeCompare(b.shortcut));
  return { result: sorted.map(toSavedReplyDTO), events: [] };
}

export async function createSavedReply(deps: ServiceDeps, agent: UserRow, input: SavedReplyCreateInput): Promise<Outcome<SavedReplyDTO>> {
  if (input.scope === 'shared') requireAdmin(agent);
  const owner = input.scope === 'shared' ? null : agent.id;
  const held = await deps.db
    .selectFrom('saved_replies')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('owner_id', owner === null ? 'is' : '=', owner)
    .executeTakeFirstOrThrow();
  if (Number(held.n) >= TOOLKIT_LIMITS.repliesPerScope) throw new CommandError('conflict');
  const now = deps.clock.now();
  const row: ReplyRow = {
    id: randomUUID(),
    owner_id: owner,
    shortcut: input.shortcut,
    body: input.body,
    created_at: now,
    updated_at: now,
  };
  await deps.db.insertInto('saved_replies').values(row).execute();
  return { result: toSavedReplyDTO(row), events: [] };
}

/** The reply the caller may change: their own, or (admins) a shared one. */
async function changeableReply(db: Db, agent: UserRow, replyId: string): Promise<ReplyRow> {
  const row = await db.selectFrom('saved_replies').selectAll().where('id', '=', replyId).executeTakeFirst();
  if (!row || (row.owner_id !== null && row.owner_id !== agent.id)) throw new CommandError('not_found');
  if (row.owner_id === null) requireAdmin(agent);
  return row;
}

export async function updateSavedReply(deps: ServiceDeps, agent: UserRow, input: SavedReplyUpdateInput): Promise<Outcome<SavedReplyDTO>> {
  const row = await changeableReply(deps.db, agent, input.replyId);
  const next: ReplyRow = { ...row, shortcut: input.shortcut ?? row.shortcut, body: input.body ?? row.body, updated_at: deps.clock.now() };
  await deps.db
    .updateTable('saved_replies')
    .set({ shortcut: next.shortcut, body: next.body, updated_at: next.updated_at })
    .where('id', '=', row.id)
    .execute();
  return { result: toSavedReplyDTO(next), events: [] };
}

export async function deleteSavedReply(deps: ServiceDeps, agent: UserRow, replyId: string): Promise<Outcome<null>> {
  const row = await changeableReply(deps.db, agent, replyId);
  await deps.db.deleteFrom('saved_replies').where('id', '=', row.id).execute();
  return { result: null, events: [] };
}
