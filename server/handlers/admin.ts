/**
 * The admin console's commands on `/agent` (protocol/admin.ts). Each reads the caller's role from the
 * database before anything else, so a role taken away stops the next command without a reconnect,
 * and a non-admin gets `forbidden` whatever they send; then the payload is validated.
 */
import { z } from 'zod';
import { CommandError } from '../../protocol/ack.ts';
import { ADMIN_SCHEMAS, type AdminPayload } from '../../protocol/admin-schemas.ts';
import type { AdminData, AdminEvent } from '../../protocol/admin-events.ts';
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

  /** Answers `event` with `run`, for admins only: the caller's role is read first, then the payload checked against the command's schema. */
  function handle<E extends AdminEvent>(event: E, run: (input: AdminPayload<E>) => Promise<Outcome<AdminData<E>>>): void {
    // the payload is checked after the role, so a non-admin learns nothing from the answer
    const listener = command(ctx, event, z.unknown(), async (raw) => {
      const caller = await findUserById(db, adminId);
      if (caller?.role !== 'admin' || caller.disabled === 1) throw new CommandError('forbidden');
      // what this command's own schema gives back; TypeScript cannot follow the map's value through E
      const input = parseInput(ADMIN_SCHEMAS[event] as z.ZodType, raw) as AdminPayload<E>;
      try {
        return await run(input);
      } catch (error) {
        if (error instanceof AdminError) throw new CommandError(error.code, error.message);
        throw error;
      }
    });
    // `run` answers with the command's own ack data (AdminData<E>), which socket.io's typing cannot see through E
    socket.on(event, listener as never);
  }

  handle('admin:agents:list', async () => only(await listAgentStates(people)));
  handle('admin:agents:create', (input) => createAgentAccount(people, adminId, input));
  handle('admin:agents:update', (input) => updateAgent(people, adminId, input));
  handle('admin:agents:resetPassword', (input) => resetAgentPassword(people, adminId, input.agentId));
  handle('admin:agents:setDisabled', (input) => setAgentDisabled(people, adminId, input.agentId, input.disabled));
  handle('admin:routing:get', async () => only(await routingConfig(db, config)));
  handle('admin:settings:update', async (patch) => only(await updateSettings(actor, config, patch)));
  handle('admin:teams:put', async ({ id, ...team }) => only(await putTeam(actor, team, id)));
  handle('admin:teams:remove', async ({ id }) => only(await removeTeam(actor, id).then(() => null)));
  handle('admin:rules:put', async ({ id, ...rule }) => only(await putRule(actor, rule, id)));
  handle('admin:rules:remove', async ({ id }) => only(await removeRule(actor, id).then(() => null)));
  handle('admin:rules:test', async (input) => only(await previewRouting(services, input)));
  handle('admin:accounts:put', async (input) => only(await putAccount(actor, input)));
  handle('admin:accounts:remove', async ({ domain }) => only(await removeAccount(actor, domain).then(() => null)));
  handle('admin:sites:put', async (input) => only(await putSite(actor, input)));
  handle('admin:sites:remove', async ({ siteKey }) => only(await removeSite(actor, siteKey).then(() => null)));
  handle('admin:origins:get', async () => only(await listSiteOrigins(db, config.siteOrigins)));
  handle('admin:origins:add', async ({ pattern }) => only(await addSiteOrigin(actor, config.siteOrigins, pattern)));
  handle('admin:origins:remove', async ({ pattern }) => only(await removeSiteOrigin(actor, config.siteOrigins, pattern)));
  handle('admin:audit:list', async (filter) => only(await listAudit(db, filter)));
  handle('admin:chat:view', async ({ conversationId }) => only(await viewChatAsAdmin(services, adminId, conversationId)));
  // the caller's role was read above: the report services' own check sees an admin
  const viewer = { role: 'admin' } as const;
  handle('admin:reports:get', async (range) => only(await buildReport(db, viewer, range)));
  handle('admin:reports:csv', async ({ range, kind }) => only(reportToCsv(await buildReport(db, viewer, range), kind)));
  handle('admin:live:get', async (input) => only(await readLiveDesk({ db, clock, config, presence: services.presence }, viewer, input)));
}
