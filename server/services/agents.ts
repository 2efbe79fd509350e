/** Agent accounts: the operations the admin CLI and admin API run. */
import { randomBytes, randomUUID } from 'node:crypto';
import type { AgentDTO, Role } from '../../protocol/dto.ts';
import { LIMITS } from '../../protocol/limits.ts';
import type { Db } from '../db/schema.ts';
import { isUniqueViolation } from '../db/tx.ts';
import { findUserByEmail, findUserById, insertUser, listUsers, normalizeEmail, toAgentDTO, type UserRow } from '../db/users.ts';
import type { Clock } from '../src/clock.ts';
import { revokeAgentSessionsOf } from './agent-sessions.ts';
import { DEFAULT_PASSWORD_COST, hashPassword } from './passwords.ts';

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
  /**
   * A new agent starts unavailable: nobody is offered chats before they have signed in and switched
   * themselves on.
   */
  available?: boolean;
}

export function generatePassword(): string {
  return randomBytes(12).toString('base64url');
}

/** `passwordCost`: log2 of scrypt's N for the password hash (PASSWORD_HASH_COST). */
export async function createAgent(
  db: Db,
  clock: Clock,
  input: NewAgent,
  passwordCost = DEFAULT_PASSWORD_COST,
): Promise<{ agent: AgentDTO; password: string }> {
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
    password_hash: await hashPassword(password, passwordCost),
    disabled: 0,
    available: input.available ? 1 : 0,
    active_chats: 0,
    pending_offers: 0,
    last_offered_at: 0,
    created_at: clock.now(),
    manual_until: 0,
    schedule: null,
    availability_until: null,
    lost_at: null,
  };
  try {
    await insertUser(db, user);
  } catch (error) {
    if (isUniqueViolation(error)) throw new AdminError(`an agent with email ${email} already exists`);
    throw error;
  }
  return { agent: toAgentDTO(user, clock.now()), password };
}

/**
 * Disabling revokes every sign-in, so the agent's sockets fail their next command. The running service
 * does the rest on its next sweep, on every process (sockets closed, offers withdrawn, open chats
 * routed to others): the CLI, which only reaches the database, takes effect within a sweep interval;
 * the admin API also closes the sockets and sweeps at once.
 */
export async function setAgentDisabled(db: Db, clock: Clock, email: string, disabled: boolean): Promise<AgentDTO> {
  const user = await findUserByEmail(db, email);
  if (!user) throw new AdminError(`no agent with email ${normalizeEmail(email)}`);
  return setDisabled(db, clock, user, disabled);
}

export async function setAgentDisabledById(db: Db, clock: Clock, id: string, disabled: boolean): Promise<AgentDTO> {
  const user = await findUserById(db, id);
  if (!user) throw new AdminError(`no agent with id ${id}`);
  return setDisabled(db, clock, user, disabled);
}

async function setDisabled(db: Db, clock: Clock, user: UserRow, disabled: boolean): Promise<AgentDTO> {
  await db.updateTable('users').set({ disabled: disabled ? 1 : 0 }).where('id', '=', user.id).execute();
  if (disabled) await revokeAgentSessionsOf(db, user.id);
  return toAgentDTO(user, clock.now());
}

export async function listAgents(db: Db, clock: Clock): Promise<Array<AgentDTO & { disabled: boolean; activeChats: number }>> {
  const now = clock.now();
  return (await listUsers(db)).map((u) => ({ ...toAgentDTO(u, now), disabled: u.disabled === 1, activeChats: u.active_chats }));
}
