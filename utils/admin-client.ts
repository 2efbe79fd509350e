/**
 * The admin console's way to the server: each command's payload is checked against the admin
 * protocol's schema here, then goes to the background worker as the one `admin` command, which
 * sends it over the agent's connection. A payload the schema refuses never leaves the page.
 */
import './zod-jitless.ts';
import type { z } from 'zod';
import {
  accountPutSchema,
  accountRemoveSchema,
  adminEmptySchema,
  agentCreateSchema,
  agentRefSchema,
  agentSetDisabledSchema,
  agentUpdateSchema,
  auditListSchema,
  chatViewSchema,
  idRefSchema,
  rulePutSchema,
  rulesTestSchema,
  siteOriginSchema,
  sitePutSchema,
  siteRemoveSchema,
  teamPutSchema,
} from '../protocol/admin.ts';
import type { AdminData, AdminEvent, AdminInput } from '../protocol/admin-events.ts';
import { liveDeskSchema, reportCsvSchema, reportRangeSchema } from '../protocol/reports.ts';
import { routingSettingsPatchSchema } from '../protocol/routing.ts';
import { commandFail, sendCommand, type CommandResult } from './messaging.ts';

export const ADMIN_SCHEMAS: Record<AdminEvent, z.ZodType> = {
  'admin:agents:list': adminEmptySchema,
  'admin:agents:create': agentCreateSchema,
  'admin:agents:update': agentUpdateSchema,
  'admin:agents:resetPassword': agentRefSchema,
  'admin:agents:setDisabled': agentSetDisabledSchema,
  'admin:routing:get': adminEmptySchema,
  'admin:settings:update': routingSettingsPatchSchema,
  'admin:teams:put': teamPutSchema,
  'admin:teams:remove': idRefSchema,
  'admin:rules:put': rulePutSchema,
  'admin:rules:remove': idRefSchema,
  'admin:rules:test': rulesTestSchema,
  'admin:accounts:put': accountPutSchema,
  'admin:accounts:remove': accountRemoveSchema,
  'admin:sites:put': sitePutSchema,
  'admin:sites:remove': siteRemoveSchema,
  'admin:origins:get': adminEmptySchema,
  'admin:origins:add': siteOriginSchema,
  'admin:origins:remove': siteOriginSchema,
  'admin:audit:list': auditListSchema,
  'admin:chat:view': chatViewSchema,
  'admin:reports:get': reportRangeSchema,
  'admin:reports:csv': reportCsvSchema,
  'admin:live:get': liveDeskSchema,
};

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
