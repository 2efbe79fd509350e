/**
 * The names of the admin commands, as plain data: the background worker forwards the console's
 * commands to the server only under these names, and carries no schema library to know them.
 */
import type { AdminClientToServerEvents } from './admin.ts';

export type AdminEvent = keyof AdminClientToServerEvents;

export const ADMIN_EVENTS = [
  'admin:agents:list',
  'admin:agents:create',
  'admin:agents:update',
  'admin:agents:resetPassword',
  'admin:agents:setDisabled',
  'admin:routing:get',
  'admin:settings:update',
  'admin:teams:put',
  'admin:teams:remove',
  'admin:rules:put',
  'admin:rules:remove',
  'admin:rules:test',
  'admin:accounts:put',
  'admin:accounts:remove',
  'admin:sites:put',
  'admin:sites:remove',
  'admin:origins:get',
  'admin:origins:add',
  'admin:origins:remove',
  'admin:audit:list',
  'admin:chat:view',
  'admin:reports:get',
  'admin:reports:csv',
  'admin:live:get',
] as const satisfies readonly AdminEvent[];

/** Fails the type check when a command of AdminClientToServerEvents is missing from the list. */
type Unlisted = Exclude<AdminEvent, (typeof ADMIN_EVENTS)[number]>;
export const ADMIN_EVENTS_COMPLETE: [Unlisted] extends [never] ? true : Unlisted = true;

export function isAdminEvent(name: unknown): name is AdminEvent {
  return (ADMIN_EVENTS as readonly unknown[]).includes(name);
}

/** The input and the ack data of an admin command. */
export type AdminInput<E extends AdminEvent> = Parameters<AdminClientToServerEvents[E]>[0];
export type AdminData<E extends AdminEvent> =
  Parameters<AdminClientToServerEvents[E]>[1] extends (answer: infer A) => void ? (A extends { ok: true; data: infer T } ? T : never) : never;
