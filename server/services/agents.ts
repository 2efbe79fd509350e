/** Agent accounts: the operations the admin CLI and admin API run. */
import { randomBytes, randomUUID } from 'node:crypto';
import type { ErrorCode } from '../../protocol/ack.ts';
import type { AgentDTO, Role } from '../../protocol/dto.ts';
import { LIMITS } from '../../protocol/limits.ts';
import type { Db } from '../db/schema.ts';
import { isUniqueViolation } from '../db/tx.ts';
import { findUserByEmail, findUserById, insertUser, normalizeEmail, toAgentDTO, type UserRow } from '../db/users.ts';
import type { Clock } from '../src/clock.ts';
import { revokeAgentSessionsOf } from './agent-sessions.ts';
import { DEFAULT_PASSWORD_COST, hashPassword } from './passwords.ts';

/**
 * A one-line, user-facing problem with an admin command. `code` is what a socket command answers:
 * `not_found` (a named agent, team, rule, site or mapping does not exist), `conflict` (the change is
 * refused in the current state: an email taken, a team in use, no admin left), `forbidden` (an admin
 * acting on their own account), `invalid_payload`.
 */
export class AdminError extends Error {
  override name = 'AdminError';
  readonly code: ErrorCode;
  constructor(message: string, code: ErrorCode = 'not_found') {
    super(message);
    this.code = code;
  }
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

/**
 * Checks a new agent and hashes their password (slow, so outside any transaction); the row is not
 * stored yet. `passwordCost`: log2 of scrypt's N for the password hash (PASSWORD_HASH_COST).
 */
export async function prepareAgent(
  clock: Clock,
  input: NewAgent,
  passwordCost = DEFAULT_PASSWORD_COST,
): Promise<{ user: UserRow; password: string }> {
  const email = normalizeEmail(input.email);
  const name = input.name.trim();
  if (!/^[^\s@]+@[^\s@]+$/.test(email) || email.length > LIMITS.email) throw new AdminError(`not an email address: ${input.email}`, 'invalid_payload');
  if (name.length === 0 || name.length > LIMITS.name) throw new AdminError(`a name needs 1 to ${LIMITS.name} characters`, 'invalid_payload');
  const password = input.password ?? generatePassword();
  if (password.length < LIMITS.password.min || password.length > LIMITS.password.max) {
    throw new AdminError(`a password needs ${LIMITS.password.min} to ${LIMITS.password.max} characters`, 'invalid_payload');
  }
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
    max_chats: null,
  };
  return { user, password };
}

/** Stores a prepared agent; a taken email is refused. */
export async function insertAgent(db: Db, user: UserRow): Promise<void> {
  const taken = () => new AdminError(`an agent with email ${user.email} already exists`, 'conflict');
  if (await findUserByEmail(db, user.email)) throw taken();
  try {
    await insertUser(db, user);
  } catch (error) {
    if (isUniqueViolation(error)) throw taken();
    throw error;
  }
}

export async function createAgent(
  db: Db,
  clock: Clock,
  input: NewAgent,
  passwordCost = DEFAULT_PASSWORD_COST,
): Promise<{ agent: AgentDTO; password: string }> {
  const { user, password } = await prepareAgent(clock, input, passwordCost);
  await insertAgent(db, user);
  return { agent: toAgentDTO(user, clock.now()), password };
}

/**
 * Disabling revokes every sign-in, so the agent's sockets fail their next command. The running service
 * does the rest on its next sweep, on every process (sockets closed, offers withdrawn, open chats
 * routed to others): from the shell, which only reaches the database, it takes effect within a sweep
 * interval; the admin API and the admin commands also close the sockets and sweep at once.
 */
export async function setAgentDisabledById(db: Db, clock: Clock, id: string, disabled: boolean): Promise<AgentDTO> {
  const user = await findUserById(db, id);
  if (!user) throw new AdminError(`no agent with id ${id}`);
  await db.updateTable('users').set({ disabled: disabled ? 1 : 0 }).where('id', '=', user.id).execute();
  if (disabled) await revokeAgentSessionsOf(db, user.id);
  return toAgentDTO(user, clock.now());
}
