/**
 * Each admin command's payload schema, by command: the console checks a payload against it before
 * sending (utils/admin-client.ts) and the server checks it again (server/handlers/admin.ts), so the
 * two cannot disagree about what a command takes.
 */
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
} from './admin.ts';
import type { AdminEvent } from './admin-events.ts';
import { liveDeskSchema, reportCsvSchema, reportRangeSchema } from './reports.ts';
import { routingSettingsPatchSchema } from './routing.ts';

export const ADMIN_SCHEMAS = {
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
} as const satisfies Record<AdminEvent, z.ZodType>;

/** A command's payload as its schema gives it back (trimmed, defaults filled in). */
export type AdminPayload<E extends AdminEvent> = z.output<(typeof ADMIN_SCHEMAS)[E]>;
