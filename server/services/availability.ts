/**
 * The agent's availability: the manual toggle, the weekly schedule, and the effective state routing
 * uses. Going unavailable stops new offers only; active chats are untouched (SPEC R3).
 */
import { CommandError } from '../../protocol/ack.ts';
import type { AgentDTO } from '../../protocol/dto.ts';
import type { Schedule } from '../../protocol/routing.ts';
import type { Db } from '../db/schema.ts';
import { effectiveOf, findUserById, scheduleOf, toAgentDTO, type UserRow } from '../db/users.ts';
import type { ServiceDeps } from './deps.ts';
import { sweepSoon, toAgent, type Delivery, type Outcome } from './outcome.ts';
import { exceptionsInWindow, setManual } from './schedule.ts';

const ANNOUNCE_BATCH = 200;

/**
 * Stores when the state just computed ends by itself, so the sweep announces the change then. With
 * `expectedUntil`, only if nobody else announced it meanwhile (several processes sweep): returns null
 * when another process was first.
 */
async function announce(db: Db, agentId: string, now: number, expectedUntil?: number): Promise<AgentDTO | null> {
  const user = await findUserById(db, agentId);
  if (!user) throw new Error(`agent ${agentId} vanished`);
  const agent = toAgentDTO(user, now);
  let update = db.updateTable('users').set({ availability_until: agent.availableUntil }).where('id', '=', agentId);
  if (expectedUntil !== undefined) update = update.where('availability_until', '=', expectedUntil);
  const stored = await update.executeTakeFirst();
  return stored.numUpdatedRows === 1n ? agent : null;
}

async function announceNow(db: Db, agentId: string, now: number): Promise<AgentDTO> {
  const agent = await announce(db, agentId, now);
  if (!agent) throw new Error(`agent ${agentId} vanished`);
  return agent;
}

function changed(agent: AgentDTO): Outcome<AgentDTO> {
  const events = [toAgent(agent.id, 'agent:updated', agent)];
  return { result: agent, events: agent.available ? [...events, sweepSoon] : events };
}

export async function setAvailability(deps: ServiceDeps, agent: UserRow, available: boolean): Promise<Outcome<AgentDTO>> {
  const now = deps.clock.now();
  const { manual, manualUntil } = setManual(scheduleOf(agent), available, now);
  await deps.db.updateTable('users').set({ available: manual ? 1 : 0, manual_until: manualUntil }).where('id', '=', agent.id).execute();
  return changed(await announceNow(deps.db, agent.id, now));
}

export function getSchedule(agent: UserRow): Outcome<Schedule | null> {
  return { result: scheduleOf(agent), events: [] };
}

/**
 * A new schedule takes over at once (any running override ends). Removing it keeps the agent in the
 * state they were effectively in, now held by the toggle alone.
 */
export async function setSchedule(deps: ServiceDeps, agent: UserRow, schedule: Schedule | null): Promise<Outcome<AgentDTO>> {
  const now = deps.clock.now();
  // dates decades away would only make every availability computation walk further
  if (schedule && !exceptionsInWindow(schedule, now)) throw new CommandError('invalid_payload');
  const current = effectiveOf(agent, now).available;
  await deps.db
    .updateTable('users')
    .set({ schedule: schedule ? JSON.stringify(schedule) : null, manual_until: 0, available: current ? 1 : 0 })
    .where('id', '=', agent.id)
    .execute();
  return changed(await announceNow(deps.db, agent.id, now));
}

/** Agents whose override ran out or whose schedule block began or ended: tell them their new state. */
export async function announceAvailabilityChanges(deps: ServiceDeps): Promise<Delivery[]> {
  const now = deps.clock.now();
  const due = await deps.db
    .selectFrom('users')
    .select(['id', 'availability_until'])
    .where('availability_until', 'is not', null)
    .where('availability_until', '<=', now)
    .limit(ANNOUNCE_BATCH)
    .execute();
  const events: Delivery[] = [];
  for (const { id, availability_until } of due) {
    const agent = await announce(deps.db, id, now, availability_until!);
    if (agent) events.push(...changed(agent).events);
  }
  return events;
}
