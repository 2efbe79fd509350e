/**
 * The admin console's way to the server: each command's payload is checked against the admin
 * protocol's schema here, then goes to the background worker as the one `admin` command, which
 * sends it over the agent's connection. A payload the schema refuses never leaves the page.
 */
import './zod-jitless.ts';
import { ADMIN_SCHEMAS } from '../protocol/admin-schemas.ts';
import type { AdminData, AdminEvent, AdminInput } from '../protocol/admin-events.ts';
import { commandFail, sendCommand, type CommandResult } from './messaging.ts';

export type AdminResult<E extends AdminEvent> = CommandResult<AdminData<E>>;

/** Sends one admin command; `invalid_payload` without asking anyone when its schema refuses the payload. */
export async function callAdmin<E extends AdminEvent>(event: E, data: AdminInput<E>): Promise<AdminResult<E>> {
  const parsed = ADMIN_SCHEMAS[event].safeParse(data);
  if (!parsed.success) return commandFail('invalid_payload');
  return (await sendCommand('admin', { event, data: parsed.data })) as AdminResult<E>;
}

/** The payload's fields its schema refuses (the first part of each issue's path), in order; none: it passes. */
export function invalidFields<E extends AdminEvent>(event: E, data: AdminInput<E>): string[] {
  const parsed = ADMIN_SCHEMAS[event].safeParse(data);
  if (parsed.success) return [];
  return [...new Set(parsed.error.issues.map((issue) => String(issue.path[0] ?? '')))];
}
