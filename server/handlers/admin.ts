/**
 * The admin console's commands on `/agent` (protocol/admin.ts). Each reads the caller's role from the
 * database before anything else, so a role taken away stops the next command without a reconnect,
 * and a non-admin gets `forbidden` whatever they send; then the payload is validated.
 */
import { z } from 'zod';
import { CommandError } from '../../protocol/ack.ts';
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
  sitePutSchema,
  siteOriginSchema,
  siteRemoveSchema,
  teamPutSchema,
} from '../../protocol/admin.ts';
import { liveDeskSchema, reportCsvSchema, reportRangeSchema } from '../../protocol/reports.ts';
import { routingSettingsPatchSchema } from '../../protocol/routing.ts';
import { findUserById } from '../db/users.ts';
import { AdminError } from '../services/agents.ts';
import { listAudit, type AdminContext } from '../services/audit.ts';
import { viewChatAsAdmin } from '../services/chat-view.ts';
import { readLiveDesk } from '../services/live-desk.ts';
import type { Outcome } from '../services/outcome.ts';
import { createAgentAccount, listAgentStates, resetAgentPassword, setAgentDisabled, updateAgent, type PeopleDeps } from '../services/people.ts';
import {
  putAccount,
  putRule,
  putSite,
  putTeam,
  removeAccount,
  removeRule,
  removeSite,
  removeTeam,
  routingConfig,
  updateSettings,
} from '../services/routing-admin.ts';
import { buildReport, reportToCsv } from '../services/reports.ts';
import { addSiteOrigin, listSiteOrigins, removeSiteOrigin } from '../services/site-origins.ts';
import { previewRouting } from '../services/routing-preview.ts';
import type { AgentHandlerDeps } from './agent.ts';
import { command, parseInput } from './command.ts';
import type { AgentSocket } from './types.ts';

/** A result with nothing to deliver. */
const only = <T>(result: T): Outcome<T> => ({ result, events: [] });

export function registerAdminHandlers(socket: AgentSocket, deps: AgentHandlerDeps): void {
  const { services, ctx } = deps;
  const { db, clock, config } = services;
  const adminId = socket.data.userId;
  const people: PeopleDeps = { db, clock, config, presence: services.presence };
  const actor: AdminContext = { db, clock, actorId: adminId };

  function admin<S extends z.ZodType, R>(name: string, schema: S, run: (input: z.infer<S>) => Promise<Outcome<R>>) {
    // the payload is checked after the role, so a non-admin learns nothing from the answer
    return command(ctx, name, z.unknown(), async (raw) => {
      const caller = await findUserById(db, adminId);
      if (caller?.role !== 'admin' || caller.disabled === 1) throw new CommandError('forbidden');
      const input = parseInput(schema, raw);
      try {
        return await run(input);
      } catch (error) {
        if (error instanceof AdminError) throw new CommandError(error.code, error.message);
        throw error;
      }
    });
  }

  socket.on('admin:agents:list', admin('admin:agents:list', adminEmptySchema, async () => only(await listAgentStates(people))));
  socket.on('admin:agents:create', admin('admin:agents:create', agentCreateSchema, (input) => createAgentAccount(people, adminId, input)));
  socket.on('admin:agents:update', admin('admin:agents:update', agentUpdateSchema, (input) => updateAgent(people, adminId, input)));
  socket.on(
    'admin:agents:resetPassword',
    admin('admin:agents:resetPassword', agentRefSchema, (input) => resetAgentPassword(people, adminId, input.agentId)),
  );
  socket.on(
    'admin:agents:setDisabled',
    admin('admin:agents:setDisabled', agentSetDisabledSchema, (input) => setAgentDisabled(people, adminId, input.agentId, input.disabled)),
  );
  socket.on('admin:routing:get', admin('admin:routing:get', adminEmptySchema, async () => only(await routingConfig(db, config))));
  socket.on(
    'admin:settings:update',
    admin('admin:settings:update', routingSettingsPatchSchema, async (patch) => only(await updateSettings(actor, config, patch))),
  );
  socket.on(
    'admin:teams:put',
    admin('admin:teams:put', teamPutSchema, async ({ id, ...team }) => only(await putTeam(actor, team, id))),
  );
  socket.on('admin:teams:remove', admin('admin:teams:remove', idRefSchema, async ({ id }) => only(await removeTeam(actor, id).then(() => null))));
  socket.on(
    'admin:rules:put',
    admin('admin:rules:put', rulePutSchema, async ({ id, ...rule }) => only(await putRule(actor, rule, id))),
  );
  socket.on('admin:rules:remove', admin('admin:rules:remove', idRefSchema, async ({ id }) => only(await removeRule(actor, id).then(() => null))));
  socket.on('admin:rules:test', admin('admin:rules:test', rulesTestSchema, async (input) => only(await previewRouting(services, input))));
  socket.on('admin:accounts:put', admin('admin:accounts:put', accountPutSchema, async (input) => only(await putAccount(actor, input))));
  socket.on(
    'admin:accounts:remove',
    admin('admin:accounts:remove', accountRemoveSchema, async ({ domain }) => only(await removeAccount(actor, domain).then(() => null))),
  );
  socket.on('admin:sites:put', admin('admin:sites:put', sitePutSchema, async (input) => only(await putSite(actor, input))));
  socket.on(
    'admin:sites:remove',
    admin('admin:sites:remove', siteRemoveSchema, async ({ siteKey }) => only(await removeSite(actor, siteKey).then(() => null))),
  );
  socket.on('admin:origins:get', admin('admin:origins:get', adminEmptySchema, async () => only(await listSiteOrigins(db, config.siteOrigins))));
  socket.on(
    'admin:origins:add',
    admin('admin:origins:add', siteOriginSchema, async ({ pattern }) => only(await addSiteOrigin(actor, config.siteOrigins, pattern))),
  );
  socket.on(
    'admin:origins:remove',
    admin('admin:origins:remove', siteOriginSchema, async ({ pattern }) => only(await removeSiteOrigin(actor, config.siteOrigins, pattern))),
  );
  socket.on('admin:audit:list', admin('admin:audit:list', auditListSchema, async (filter) => only(await listAudit(db, filter))));
  socket.on(
    'admin:chat:view',
    admin('admin:chat:view', chatViewSchema, async ({ conversationId }) => only(await viewChatAsAdmin(services, adminId, conversationId))),
  );
  // the caller's role was read above: the report services' own check sees an admin
  const viewer = { role: 'admin' } as const;
  socket.on('admin:reports:get', admin('admin:reports:get', reportRangeSchema, async (range) => only(await buildReport(db, viewer, range))));
  socket.on(
    'admin:reports:csv',
    admin('admin:reports:csv', reportCsvSchema, async ({ range, kind }) => only(reportToCsv(await buildReport(db, viewer, range), kind))),
  );
  socket.on('admin:live:get', admin('admin:live:get', liveDeskSchema, async (input) => only(await readLiveDesk({ db, clock, config, presence: services.presence }, viewer, input))));
}
