/** Agent accounts: availability from the extension, and the operations the admin CLI runs. */
import { randomBytes, randomUUID } from 'node:crypto';
import type { AgentDTO, Role } from '../../protocol/dto.ts';
import { LIMITS } from '../../protocol/limits.ts';
import type { Db } from '../db/schema.ts';
import { isUniqueViolation } from '../db/tx.ts';
import { findUserByEmail, findUserById, insertUser, listUsers, normalizeEmail, toAgentDTO } from '../db/users.ts';
import type { Clock } from '../src/clock.ts';
import { hashPassword, revokeTokensOf } from './auth.ts';
import type { ServiceDeps } from './deps.ts';
import { toAgent, type Outcome } from './outcome.ts';

/** Going unavailable stops new offers only; active chats are untouched (SPEC R3). */
export async function setAvailability(deps: ServiceDeps, agentId: string, available: boolean): Promise<Outcome<AgentDTO>> {
  await deps.db.updateTable('users').set({ available: available ? 1 : 0 }).where('id', '=', agentId).execute();
  const user = await findUserById(deps.db, agentId);
  if (!user) throw new Error(`agent ${agentId} vanished`);
  const agent = toAgentDTO(user);
  return { result: agent, events: [toAgent(agentId, 'agent:updated', agent)] };
}

/** A one-line, user-facing problem with an admin command. */
export class AdminError extends Error {
  override name = 'AdminError';
}

export interface NewAgent {
  email: string;
  name: string;
  role?: Role;
  /** generated when absent */
  password?: string;
}

export function generatePassword(): string {
  return randomBytes(12).toString('base64url');
}

export async function createAgent(db: Db, clock: Clock, input: NewAgent): Promise<{ agent: AgentDTO; password: string }> {
  const email = normalizeEmail(input.email);
  const name = input.name.trim();
  if (!/^[^\s@]+@[^\s@]+$/.test(email) || email.length > LIMITS.email) throw new AdminError(`not an email address: ${input.email}`);
  if (name.length === 0 || name.length > LIMITS.name) throw new AdminError(`a name needs 1 to ${LIMITS.name} characters`);
  const password = input.password ?? generatePassword();
  if (password.length < LIMITS.password.min || password.length > LIMITS.password.max) {
    throw new AdminError(`a password needs ${LIMITS.password.min} to ${LIMITS.password.max} characters`);
  }
  if (await findUserByEmail(db, email)) throw new AdminError(`an agent with email ${email} already exists`);
  const user = {
    id: randomUUID(),
    email,
    name,
    role: input.role ?? 'agent',
    password_hash: await hashPassword(password),
    disabled: 0,
    available: 1,
    active_chats: 0,
    pending_offers: 0,
    last_offered_at: 0,
    created_at: clock.now(),
  };
  try {
    await insertUser(db, user);
  } catch (error) {
    if (isUniqueViolation(error)) throw new AdminError(`an agent with email ${email} already exists`);
    throw error;
  }
  return { agent: toAgentDTO(user), password };
}

/** Disabling also revokes every token, so the agent's sockets fail their next command. */
export async function setAgentDisabled(db: Db, email: string, disabled: boolean): Promise<AgentDTO> {
  const user = await findUserByEmail(db, email);
  if (!user) throw new AdminError(`no agent with email ${normalizeEmail(email)}`);
  await db.updateTable('users').set({ disabled: disabled ? 1 : 0 }).where('id', '=', user.id).execute();
  if (disabled) await revokeTokensOf(db, 'agent', user.id);
  return toAgentDTO(user);
}

export async function listAgents(db: Db): Promise<Array<AgentDTO & { disabled: boolean; activeChats: number }>> {
  return (await listUsers(db)).map((u) => ({ ...toAgentDTO(u), disabled: u.disabled === 1, activeChats: u.active_chats }));
}
