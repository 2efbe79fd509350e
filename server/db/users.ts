import type { Selectable } from 'kysely';
import type { AgentDTO } from '../../protocol/dto.ts';
import type { Schedule } from '../../protocol/routing.ts';
import { effectiveAvailability, type AvailabilityState, type Effective } from '../services/schedule.ts';
import type { Db, UsersTable } from './schema.ts';

export type UserRow = Selectable<UsersTable>;

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** The stored schedule; it was validated with scheduleSchema before it was written. */
export function scheduleOf(user: Pick<UserRow, 'schedule'>): Schedule | null {
  return user.schedule ? (JSON.parse(user.schedule) as Schedule) : null;
}

export function availabilityStateOf(user: Pick<UserRow, 'available' | 'manual_until' | 'schedule'>): AvailabilityState {
  return { manual: user.available === 1, manualUntil: user.manual_until, schedule: scheduleOf(user) };
}

const warned = new Set<string>();

/**
 * The agent's effective availability. A stored schedule that cannot be computed (written before the
 * checks of today, or by hand) makes that agent unavailable, logged once, and never fails routing,
 * sign-in or a listing for anyone.
 */
export function effectiveOf(user: Pick<UserRow, 'available' | 'manual_until' | 'schedule'>, now: number): Effective {
  try {
    return effectiveAvailability(availabilityStateOf(user), now);
  } catch (error) {
    if (!warned.has(user.schedule ?? '') && warned.size < 1000) {
      warned.add(user.schedule ?? '');
      console.error('an agent schedule cannot be computed; the agent counts as unavailable', error);
    }
    return { available: false, source: 'schedule', until: null };
  }
}

/** `available` is the effective state at `now`, with why and until when. */
export function toAgentDTO(user: UserRow, now: number): AgentDTO {
  const effective = effectiveOf(user, now);
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    available: effective.available,
    availabilitySource: effective.source,
    availableUntil: effective.until,
  };
}

export function findUserById(db: Db, id: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findUserByEmail(db: Db, email: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('email', '=', normalizeEmail(email)).executeTakeFirst();
}

export async function countUsers(db: Db): Promise<number> {
  const row = await db.selectFrom('users').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
  // count() is a string on PostgreSQL, a number on SQLite
  return Number(row.n);
}

export function listUsers(db: Db): Promise<UserRow[]> {
  return db.selectFrom('users').selectAll().orderBy('email').execute();
}

export async function insertUser(db: Db, user: UserRow): Promise<void> {
  await db.insertInto('users').values(user).execute();
}
