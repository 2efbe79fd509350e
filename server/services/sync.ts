/** Catch-up answers: what a (re)connecting client needs to be exact again, read from the database. */
import { CommandError } from '../../protocol/ack.ts';
import type { AgentSnapshot, VisitorSnapshot } from '../../protocol/dto.ts';
import type { SyncPullInput, VisitorSyncInput } from '../../protocol/schemas.ts';
import { getConversationDTO, listConversationDTOs, toVisitorConversationDTO } from '../db/conversations.ts';
import { listMessagesAfter, toMessageDTO } from '../db/messages.ts';
import { openOfferDTOsOf } from '../db/offers.ts';
import type { Db } from '../db/schema.ts';
import { pendingTransferDTOsFrom } from '../db/transfers.ts';
import { toAgentDTO, type UserRow } from '../db/users.ts';
import type { ServiceDeps } from './deps.ts';
import type { Outcome } from './outcome.ts';

export async function visitorSnapshot(db: Db, conversationId: string, afterSeq: number): Promise<VisitorSnapshot> {
  const conversation = toVisitorConversationDTO(await getConversationDTO(db, conversationId));
  const messages = await listMessagesAfter(db, new Map([[conversationId, afterSeq]]), 'visitor');
  return { conversation, messages: messages.map(toMessageDTO) };
}

export async function visitorSync(deps: ServiceDeps, visitorId: string, input: VisitorSyncInput): Promise<Outcome<VisitorSnapshot>> {
  const own = await deps.db
    .selectFrom('conversations')
    .select('id')
    .where('id', '=', input.conversationId)
    .where('visitor_id', '=', visitorId)
    .executeTakeFirst();
  if (!own) throw new CommandError('not_found');
  return { result: await visitorSnapshot(deps.db, own.id, input.afterSeq), events: [] };
}

/**
 * The agent's open offers and active conversations, plus each conversation named in the cursors
 * that the agent may see (SPEC R8: their own, and anyone's past ones; never another agent's open
 * one), with the messages after each cursor.
 */
export async function agentSync(deps: ServiceDeps, agent: UserRow, input: SyncPullInput): Promise<Outcome<AgentSnapshot>> {
  const named = Object.keys(input.cursors);
  const visible = await deps.db
    .selectFrom('conversations')
    .select('id')
    .where((eb) => {
      const active = eb.and([eb('agent_id', '=', agent.id), eb('status', '=', 'active')]);
      if (named.length === 0) return active;
      const past = eb.or([eb('agent_id', '=', agent.id), eb('status', 'in', ['ended', 'missed'])]);
      return eb.or([active, eb.and([eb('id', 'in', named), past])]);
    })
    .execute();
  const cursors = new Map(visible.map(({ id }) => [id, input.cursors[id] ?? 0]));
  const now = deps.clock.now();
  const [offers, conversations, messages] = [
    await openOfferDTOsOf(deps.db, agent.id, now),
    await listConversationDTOs(deps.db, [...cursors.keys()]),
    await listMessagesAfter(deps.db, cursors, 'agent'),
  ];
  const transfers = await pendingTransferDTOsFrom(deps.db, agent.id);
  return {
    result: { agent: toAgentDTO(agent, now), offers, conversations, messages: messages.map(toMessageDTO), serverTime: now, transfers },
    events: [],
  };
}
