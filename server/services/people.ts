/**
 * People: what an admin does to agent accounts, one code path for the admin commands on `/agent`,
 * the admin HTTP API and `npm run admin`. Each change is written together with its audit entry
 * (before/after, never a password or a hash). Two rules hold here: an admin cannot disable their own
 * account, and no change leaves the service without an enabled admin.
 */
import { PostgresAdapter } from 'kysely';
import type { AdminAgentDTO, AgentCreateInput, AgentUpdateInput, AgentWithPassword } from '../../protocol/admin.ts';
import { capacityOf, setOwnCapacity } from '../db/capacity.ts';
import type { Db } from '../db/schema.ts';
import { inTransaction } from '../db/tx.ts';
import { findUserById, listUsers, toAgentDTO, type UserRow } from '../db/users.ts';
import type { Clock } from '../src/clock.ts';
import type { AppConfig } from '../src/config.ts';
import { revokeAgentSessionsOf } from './agent-sessions.ts';
import { AdminError, generatePassword, insertAgent, prepareAgent, setAgentDisabledById } from './agents.ts';
import { recordAudit, type ActorId } from './audit.ts';
import { sweepSoon, toAgent, type Delivery, type Outcome } from './outcome.ts';
import { hashPassword } from './passwords.ts';
import type { Presence } from './presence.ts';
import { capacitySetting } from './routing-settings.ts';

export interface PeopleDeps {
  db: Db;
  clock: Clock;
  config: Pick<AppConfig, 'maxChatsPerAgent' | 'passwordHashCost'>;
  /** who is online: the running service's presence, or presenceReader for the shell */
  presence: Pick<Presence, 'reachableAgentIds'>;
}

/** What the audit log keeps of an agent: never the password hash. */
function audited(user: Pick<UserRow, 'email' | 'name' | 'role' | 'disabled'>) {
  return { email: user.email, name: user.name, role: user.role, disabled: user.disabled === 1 };
}

/** `defaultMax`: the capacity setting in force, for agents without their own. */
function toAdminAgentDTO(user: UserRow, online: boolean, deps: PeopleDeps, defaultMax: number): AdminAgentDTO {
  return {
    ...toAgentDTO(user, deps.clock.now()),
    disabled: user.disabled === 1,
    online,
    activeChats: user.active_chats,
    pendingOffers: user.pending_offers,
    capacity: capacityOf(user, defaultMax),
    maxChats: user.max_chats,
  };
}

async function isOnline(deps: PeopleDeps, agentId: string): Promise<boolean> {
  const row = await deps.db
    .selectFrom('users')
    .select('id')
    .where('id', '=', agentId)
    .where('id', 'in', deps.presence.reachableAgentIds(deps.db))
    .executeTakeFirst();
  return row !== undefined;
}

async function adminAgent(deps: PeopleDeps, agentId: string): Promise<AdminAgentDTO> {
  const user = await findUserById(deps.db, agentId);
  if (!user) throw new AdminError(`no agent with id ${agentId}`);
  return toAdminAgentDTO(user, await isOnline(deps, agentId), deps, await capacitySetting(deps.db, deps.config));
}

/** Every agent by email, with online, availability, load and capacity. */
export async function listAgentStates(deps: PeopleDeps): Promise<AdminAgentDTO[]> {
  const online = new Set((await deps.presence.reachableAgentIds(deps.db).execute()).map((r) => r.agent_id));
  const defaultMax = await capacitySetting(deps.db, deps.config);
  return (await listUsers(deps.db)).map((u) => toAdminAgentDTO(u, online.has(u.id), deps, defaultMax));
}

export async function agentIdByEmail(db: Db, email: string): Promise<string> {
  const row = await db.selectFrom('users').select('id').where('email', '=', email.trim().toLowerCase()).executeTakeFirst();
  if (!row) throw new AdminError(`no agent with email ${email.trim().toLowerCase()}`);
  return row.id;
}

/**
 * The target agent, locked with every enabled admin on PostgreSQL, so two admins changing roles at
 * once cannot both remove "the other" last admin. SQLite has one writer anyway.
 */
async function lockForChange(trx: Db, agentId: string): Promise<UserRow> {
  if (trx.getExecutor().adapter instanceof PostgresAdapter) {
    await trx
      .selectFrom('users')
      .select('id')
      .where((eb) => eb.or([eb('id', '=', agentId), eb.and([eb('role', '=', 'admin'), eb('disabled', '=', 0)])]))
      .orderBy('id')
      .forUpdate()
      .execute();
  }
  const user = await findUserById(trx, agentId);
  if (!user) throw new AdminError(`no agent with id ${agentId}`);
  return user;
}

/** Refuses a change that would leave no enabled admin: `user` stops being one. */
async function keepAnAdmin(trx: Db, user: UserRow): Promise<void> {
  if (user.role !== 'admin' || user.disabled === 1) return;
  const other = await trx
    .selectFrom('users')
    .select('id')
    .where('role', '=', 'admin')
    .where('disabled', '=', 0)
    .where('id', '!=', user.id)
    .executeTakeFirst();
  if (!other) throw new AdminError('the last enabled admin cannot lose the admin role or be disabled', 'conflict');
}

/** `password`: the one the shell was given; otherwise one is generated. It is returned once and never stored or logged. */
export async function createAgentAccount(
  deps: PeopleDeps,
  actorId: ActorId,
  input: AgentCreateInput & { password?: string },
): Promise<Outcome<AgentWithPassword>> {
  const { user, password } = await prepareAgent(deps.clock, input, deps.config.passwordHashCost);
  await inTransaction(deps.db, async (trx) => {
    await insertAgent(trx, user);
    await recordAudit(trx, deps.clock, { actorId, action: 'agent.create', targetId: user.id, before: null, after: audited(user) });
  });
  return { result: { agent: toAdminAgentDTO(user, false, deps, await capacitySetting(deps.db, deps.config)), password }, events: [] };
}

export async function updateAgent(deps: PeopleDeps, actorId: ActorId, input: AgentUpdateInput): Promise<Outcome<AdminAgentDTO>> {
  const before = await inTransaction(deps.db, async (trx) => {
    const user = await lockForChange(trx, input.agentId);
    const name = input.name ?? user.name;
    const role = input.role ?? user.role;
    // undefined: unchanged; null: back to the capacity setting
    const maxChats = input.maxChats === undefined ? user.max_chats : input.maxChats;
    if (user.role === 'admin' && role !== 'admin') await keepAnAdmin(trx, user);
    await trx.updateTable('users').set({ name, role }).where('id', '=', user.id).execute();
    if (maxChats !== user.max_chats) await setOwnCapacity(trx, user.id, maxChats);
    await recordAudit(trx, deps.clock, {
      actorId,
      action: 'agent.update',
      targetId: user.id,
      before: { name: user.name, role: user.role, maxChats: user.max_chats },
      after: { name, role, maxChats },
    });
    return user;
  });
  const user = await findUserById(deps.db, before.id);
  if (!user) throw new AdminError(`no agent with id ${before.id}`);
  // the agent's own clients learn their new name and role (the role is checked on every admin command
  // anyway); a changed capacity may let the queue move
  return {
    result: toAdminAgentDTO(user, await isOnline(deps, user.id), deps, await capacitySetting(deps.db, deps.config)),
    events: [toAgent(user.id, 'agent:updated', toAgentDTO(user, deps.clock.now())), ...(user.max_chats !== before.max_chats ? [sweepSoon] : [])],
  };
}

/** A new generated password, returned once; every sign-in of the agent ends and their sockets close. */
export async function resetAgentPassword(deps: PeopleDeps, actorId: ActorId, agentId: string): Promise<Outcome<AgentWithPassword>> {
  const password = generatePassword();
  const hash = await hashPassword(password, deps.config.passwordHashCost);
  await inTransaction(deps.db, async (trx) => {
    const user = await lockForChange(trx, agentId);
    await trx.updateTable('users').set({ password_hash: hash }).where('id', '=', user.id).execute();
    await revokeAgentSessionsOf(trx, user.id);
    await recordAudit(trx, deps.clock, { actorId, action: 'agent.password_reset', targetId: user.id, before: null, after: null });
  });
  const disconnect: Delivery = (effects) => effects.disconnectAgent(agentId);
  return { result: { agent: await adminAgent(deps, agentId), password }, events: [disconnect] };
}

/**
 * Disabling takes effect at once: the agent's sign-ins are revoked here, and the deliveries close
 * their sockets on every process and sweep now, which withdraws their offers and hands their chats on
 * (services/disable.ts). From the shell, which delivers nothing, the running service's sweep does it.
 */
export async function setAgentDisabled(deps: PeopleDeps, actorId: ActorId, agentId: string, disabled: boolean): Promise<Outcome<AdminAgentDTO>> {
  if (disabled && actorId === agentId) throw new AdminError('an admin cannot disable their own account', 'forbidden');
  await inTransaction(deps.db, async (trx) => {
    const user = await lockForChange(trx, agentId);
    if (disabled) await keepAnAdmin(trx, user);
    await setAgentDisabledById(trx, deps.clock, agentId, disabled);
    await recordAudit(trx, deps.clock, {
      actorId,
      action: disabled ? 'agent.disable' : 'agent.enable',
      targetId: agentId,
      before: { disabled: user.disabled === 1 },
      after: { disabled },
    });
  });
  const events: Delivery[] = disabled ? [(effects) => effects.disconnectAgent(agentId), sweepSoon] : [sweepSoon];
  return { result: await adminAgent(deps, agentId), events };
}
