/**
 * The admin API under /api/admin/, for the extension's admin screens: routing settings, sites'
 * strategies, teams, rules and account owners. Every request carries `Authorization: Bearer <token>`
 * of an enabled admin; agents get 403. Bodies are validated with the protocol's zod schemas. The
 * same service functions serve the admin commands on `/agent` and `npm run admin`; every change is
 * audited with the calling admin as its actor.
 *
 *   GET    /api/admin/routing            everything below, with the settings in force
 *   PUT    /api/admin/settings           { fallbackMessage?, fallbackMessages?, fallbackBooking?, maxOffers?, maxWaitMs?, queueMaxWaitMs? }
 *   PUT    /api/admin/sites/:siteKey     { strategy }            DELETE /api/admin/sites/:siteKey
 *   GET    /api/admin/origins            where the widget may run: { fromServer, added }
 *   POST   /api/admin/origins            { pattern } → { fromServer, added }   DELETE /api/admin/origins/:pattern (URL-encoded)
 *   POST   /api/admin/teams              { name, agentIds }      PUT|DELETE /api/admin/teams/:id
 *   POST   /api/admin/rules              { name, priority, conditions, target }   PUT|DELETE /api/admin/rules/:id
 *   PUT    /api/admin/accounts/:domain   { agentId }             DELETE /api/admin/accounts/:domain
 *   GET    /api/admin/agents             every agent with state (online, available, disabled), load and capacity
 *   POST   /api/admin/agents             { email, name, role? } → { agent, password } (shown once)
 *   PUT    /api/admin/agents/:id         { name?, role?, disabled? } — disabling takes effect at once on every process
 *   POST   /api/admin/agent-passwords/:id  a new one-time password → { agent, password }; the agent's sign-ins end
 *   GET    /api/admin/audit?actorId&action&targetType&targetId&from&to&cursor&limit   the audit log, newest first
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import {
  accountInputSchema,
  routingSettingsPatchSchema,
  ruleInputSchema,
  siteInputSchema,
  strategySchema,
  teamInputSchema,
} from '../../protocol/routing.ts';
import type { Db } from '../db/schema.ts';
import { agentCreateSchema, agentEditSchema, auditListSchema, siteOriginSchema } from '../../protocol/admin.ts';
import { AdminError } from '../services/agents.ts';
import { listAudit, type AdminContext } from '../services/audit.ts';
import { agentFromToken } from '../services/auth.ts';
import type { ServiceDeps } from '../services/deps.ts';
import type { Delivery, Outcome } from '../services/outcome.ts';
import { createAgentAccount, listAgentStates, resetAgentPassword, setAgentDisabled, updateAgent } from '../services/people.ts';
import type { Presence } from '../services/presence.ts';
import { addSiteOrigin, listSiteOrigins, removeSiteOrigin } from '../services/site-origins.ts';
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
import type { Clock } from '../src/clock.ts';
import { applyCors, bearerToken, HttpError, readJsonBody, sendEmpty, sendJson } from './http-io.ts';

export const ADMIN_PREFIX = '/api/admin/';

export interface AdminHttpDeps {
  db: Db;
  clock: Clock;
  config: ServiceDeps['config'] & { agentOrigins: readonly string[] };
  presence: Pick<Presence, 'reachableAgentIds'>;
  /** carries out what a change requires beyond the database (closing a disabled agent's sockets) */
  deliver(events: readonly Delivery[]): void;
}

async function body<S extends z.ZodType>(req: IncomingMessage, schema: S): Promise<z.infer<S>> {
  const parsed = schema.safeParse(await readJsonBody(req));
  if (!parsed.success) throw new HttpError(400, 'invalid_payload');
  return parsed.data;
}

type Handler = (req: IncomingMessage, param: string, actor: AdminContext) => Promise<unknown>;
/** [method, first path segment, takes a parameter] → handler; a null result answers 204. */
type Route = [string, string, boolean, Handler];

const agentPutSchema = agentEditSchema.extend({ disabled: z.boolean().optional() });

/** The audit filters from the query string; numbers are read as numbers. */
function auditFilter(req: IncomingMessage) {
  const params = new URL(req.url ?? '/', 'http://admin.invalid').searchParams;
  const numeric = new Set(['from', 'to', 'limit']);
  const raw = Object.fromEntries([...params].map(([key, value]) => [key, numeric.has(key) && /^\d+$/.test(value) ? Number(value) : value]));
  const parsed = auditListSchema.safeParse(raw);
  if (!parsed.success) throw new HttpError(400, 'invalid_payload');
  return parsed.data;
}

function routes(deps: AdminHttpDeps): Route[] {
  const { db, clock, config } = deps;
  const people = { db, clock, config, presence: deps.presence };
  /** the outcome's result; its deliveries (closing sockets, a sweep) are carried out after the commit */
  const delivered = <T>(outcome: Outcome<T>): T => {
    deps.deliver(outcome.events);
    return outcome.result;
  };
  return [
    ['GET', 'routing', false, () => routingConfig(db, config)],
    ['PUT', 'settings', false, async (req, _p, actor) => updateSettings(actor, config, await body(req, routingSettingsPatchSchema))],
    ['PUT', 'sites', true, async (req, siteKey, actor) => {
      const { strategy } = await body(req, z.strictObject({ strategy: strategySchema }));
      const site = siteInputSchema.safeParse({ siteKey, strategy });
      if (!site.success) throw new HttpError(400, 'invalid_payload');
      return putSite(actor, site.data);
    }],
    ['DELETE', 'sites', true, async (_req, siteKey, actor) => removeSite(actor, siteKey).then(() => null)],
    ['GET', 'origins', false, () => listSiteOrigins(db, config.siteOrigins)],
    ['POST', 'origins', false, async (req, _p, actor) => addSiteOrigin(actor, config.siteOrigins, (await body(req, siteOriginSchema)).pattern)],
    ['DELETE', 'origins', true, async (_req, pattern, actor) => {
      const site = siteOriginSchema.safeParse({ pattern });
      if (!site.success) throw new HttpError(400, 'invalid_payload');
      return removeSiteOrigin(actor, config.siteOrigins, site.data.pattern);
    }],
    ['POST', 'teams', false, async (req, _p, actor) => putTeam(actor, await body(req, teamInputSchema))],
    ['PUT', 'teams', true, async (req, id, actor) => putTeam(actor, await body(req, teamInputSchema), id)],
    ['DELETE', 'teams', true, async (_req, id, actor) => removeTeam(actor, id).then(() => null)],
    ['POST', 'rules', false, async (req, _p, actor) => putRule(actor, await body(req, ruleInputSchema))],
    ['PUT', 'rules', true, async (req, id, actor) => putRule(actor, await body(req, ruleInputSchema), id)],
    ['DELETE', 'rules', true, async (_req, id, actor) => removeRule(actor, id).then(() => null)],
    ['PUT', 'accounts', true, async (req, domain, actor) => {
      const { agentId } = await body(req, z.strictObject({ agentId: z.string().min(1).max(64) }));
      const account = accountInputSchema.safeParse({ domain, agentId });
      if (!account.success) throw new HttpError(400, 'invalid_payload');
      return putAccount(actor, account.data);
    }],
    ['DELETE', 'accounts', true, async (_req, domain, actor) => removeAccount(actor, domain).then(() => null)],
    ['GET', 'agents', false, () => listAgentStates(people)],
    ['POST', 'agents', false, async (req, _p, actor) => delivered(await createAgentAccount(people, actor.actorId, await body(req, agentCreateSchema)))],
    ['PUT', 'agents', true, async (req, id, actor) => {
      const { disabled, ...change } = await body(req, agentPutSchema);
      const edits = change.name !== undefined || change.role !== undefined || change.maxChats !== undefined;
      let agent = edits ? delivered(await updateAgent(people, actor.actorId, { agentId: id, ...change })) : null;
      if (disabled !== undefined) agent = delivered(await setAgentDisabled(people, actor.actorId, id, disabled));
      if (!agent) throw new HttpError(400, 'invalid_payload');
      return agent;
    }],
    ['POST', 'agent-passwords', true, async (_req, id, actor) => delivered(await resetAgentPassword(people, actor.actorId, id))],
    ['GET', 'audit', false, async (req) => listAudit(db, auditFilter(req))],
  ];
}

/** An admin error crosses HTTP as 400 with its message; a missing reference is `invalid_reference`. */
function adminErrorBody(error: AdminError): { error: string; message: string } {
  const code = error.code === 'not_found' || error.code === 'invalid_payload' ? 'invalid_reference' : error.code;
  return { error: code, message: error.message };
}

export function createAdminHandler(deps: AdminHttpDeps): (req: IncomingMessage, res: ServerResponse, path: string) => Promise<void> {
  const table = routes(deps);
  return async (req, res, path) => {
    if (!(await applyCors(req, res, deps.config.agentOrigins))) return sendJson(res, 403, { error: 'forbidden' });
    if (req.method === 'OPTIONS') {
      res.setHeader('Access-Control-Allow-Methods', 'GET, POST, PUT, DELETE, OPTIONS');
      return sendEmpty(res, 204);
    }
    const admin = await agentFromToken(deps.db, deps.clock, bearerToken(req));
    if (!admin) return sendJson(res, 401, { error: 'unauthorized' });
    if (admin.role !== 'admin') return sendJson(res, 403, { error: 'forbidden' });

    const segments = path.slice(ADMIN_PREFIX.length).split('/');
    const [resource = '', rawParam, ...rest] = segments;
    let param = '';
    try {
      param = rawParam === undefined ? '' : decodeURIComponent(rawParam);
    } catch {
      return sendJson(res, 400, { error: 'invalid_payload' });
    }
    const known = table.filter(([, name, takesParam]) => name === resource && takesParam === (rawParam !== undefined) && rest.length === 0);
    if (known.length === 0 || (rawParam !== undefined && param.length === 0)) return sendJson(res, 404, { error: 'not_found' });
    const route = known.find(([method]) => method === req.method);
    if (!route) return sendJson(res, 405, { error: 'method_not_allowed' });
    try {
      const result = await route[3](req, param, { db: deps.db, clock: deps.clock, actorId: admin.id });
      if (result === null) sendEmpty(res, 204);
      else sendJson(res, 200, result);
    } catch (error) {
      // a named agent, team, rule or mapping that does not exist; a change refused in the current state
      if (error instanceof AdminError) return sendJson(res, 400, adminErrorBody(error));
      throw error;
    }
  };
}
