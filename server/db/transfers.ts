/** Transfer rows and the shapes they are sent in. */
import type { Selectable } from 'kysely';
import type { OfferTransferDTO, TransferDTO } from '../../protocol/transfer.ts';
import type { Db, TransfersTable } from './schema.ts';

export type TransferRow = Selectable<TransfersTable>;

function transferQuery(db: Db) {
  return db
    .selectFrom('transfers as t')
    .innerJoin('users as f', 'f.id', 't.from_agent_id')
    .leftJoin('users as r', 'r.id', 't.to_agent_id')
    .leftJoin('teams as tm', 'tm.id', 't.team_id')
    .selectAll('t')
    .select(['f.name as from_name', 'r.name as to_agent_name', 'tm.name as team_name']);
}

type TransferViewRow = Awaited<ReturnType<ReturnType<typeof transferQuery>['executeTakeFirstOrThrow']>>;

function toTransferDTO(row: TransferViewRow): TransferDTO {
  return {
    id: row.id,
    conversationId: row.conversation_id,
    fromAgentId: row.from_agent_id,
    fromAgentName: row.from_name,
    to:
      row.team_id !== null
        ? { kind: 'team', teamId: row.team_id, name: row.team_name ?? '' }
        : { kind: 'agent', agentId: row.to_agent_id!, name: row.to_agent_name ?? '' },
    note: row.note,
    status: row.status,
    createdAt: Number(row.created_at),
    endedAt: row.ended_at === null ? null : Number(row.ended_at),
    endedByName: row.ended_by_name,
  };
}

export async function getTransferDTO(db: Db, id: string): Promise<TransferDTO> {
  return toTransferDTO(await transferQuery(db).where('t.id', '=', id).executeTakeFirstOrThrow());
}

/** The agent's own transfers still waiting for an answer, oldest first. */
export async function pendingTransferDTOsFrom(db: Db, agentId: string): Promise<TransferDTO[]> {
  const rows = await transferQuery(db).where('t.from_agent_id', '=', agentId).where('t.status', '=', 'pending').orderBy('t.created_at').execute();
  return rows.map(toTransferDTO);
}

export function pendingTransferOf(db: Db, conversationId: string): Promise<TransferRow | undefined> {
  return db.selectFrom('transfers').selectAll().where('conversation_id', '=', conversationId).where('status', '=', 'pending').executeTakeFirst();
}

export function findTransfer(db: Db, id: string): Promise<TransferRow | undefined> {
  return db.selectFrom('transfers').selectAll().where('id', '=', id).executeTakeFirst();
}

/** What each transfer's offers show besides the chat: who hands it over, the note, the team. */
export async function offerTransfersOf(db: Db, transferIds: readonly string[]): Promise<Map<string, OfferTransferDTO>> {
  if (transferIds.length === 0) return new Map();
  const rows = await transferQuery(db).where('t.id', 'in', transferIds).execute();
  return new Map(
    rows.map((r) => [
      r.id,
      { transferId: r.id, fromAgentId: r.from_agent_id, fromAgentName: r.from_name, note: r.note, teamName: r.team_id !== null ? (r.team_name ?? '') : null },
    ]),
  );
}
