/**
 * The admin API under /api/admin/, for the extension's admin screens: routing settings, sites'
 * strategies, teams, rules and account owners. Every request carries `Authorization: Bearer <token>`
 * of an enabled admin; agents get 403. Bodies are validated with the protocol's zod schemas.
 *
 *   GET    /api/admin/routing            everything below, with the settings in force
 *   PUT    /api/admin/settings           { fallbackMessage?, fallbackMessages?, fallbackBooking?, maxOffers?, maxWaitMs?, queueMaxWaitMs? }
 *   PUT    /api/admin/sites/:siteKey     { strategy }            DELETE /api/admin/sites/:siteKey
 *   POST   /api/admin/teams              { name, agentIds }      PUT|DELETE /api/admin/teams/:id
 *   POST   /api/admin/rules              { name, priority, conditions, target }   PUT|DELETE /api/admin/rules/:id
 *   PUT    /api/admin/accounts/:domain   { agentId }             DELETE /api/admin/accounts/:domain
 *   GET    /api/admin/agents             every agent with disabled flag and load
 *   PUT    /api/admin/agents/:id         { disabled }  — takes effect at once on every process
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
import { AdminError, listAgents, setAgentDisabledById } from '../services/agents.ts';
import { agentFromToken } from '../services/auth.ts';
import type { ServiceDeps } from '../services/deps.ts';
import { sweepSoon, type Delivery } from '../services/outcome.ts';
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
  /** carries out what a change requires beyond the database (closing a disabled agent's sockets) */
  deliver(events: readonly Delivery[]): void;
}

async function body<S extends z.ZodType>(req: IncomingMessage, schema: S): Promise<z.infer<S>> {
  const parsed = schema.safeParse(await readJsonBody(req));
  if (!parsed.success) throw new HttpError(400, 'invalid_payload');
  return parsed.data;
}

type Handler = (req: IncomingMessage, param: string) => Promise<unknown>;
/** [method, first path segment, takes a parameter] → handler; a null result answers 204. */
type Route = [string, string, boolean, Handler];

function routes(deps: AdminHttpDeps): Route[] {
  const { db, clock, config } = deps;
  return [
    ['GET', 'routing', false, () => routingConfig(db, config)],
    ['PUT', 'settings', false, async (req) => updateSettings(db, config, await body(req, routingSettingsPatchSchema))],
    ['PUT', 'sites', true, async (req, siteKey) => {
      const { strategy } = await body(req, z.strictObject({ strategy: strategySchema }));
      const site = siteInputSchema.safeParse({ siteKey, strategy });
      if (!site.success) throw new HttpError(400, 'invalid_payload');
      return putSite(db, site.data);
    }],
    ['DELETE', 'sites', true, async (_req, siteKey) => removeSite(db, siteKey).then(() => null)],
    ['POST', 'teams', false, async (req) => putTeam(db, clock, await body(req, teamInputSchema))],
    ['PUT', 'teams', true, async (req, id) => putTeam(db, clock, await body(req, teamInputSchema), id)],
    ['DELETE', 'teams', true, async (_req, id) => removeTeam(db, id).then(() => null)],
    ['POST', 'rules', false, async (req) => putRule(db, clock, await body(req, ruleInputSchema))],
    ['PUT', 'rules', true, async (req, id) => putRule(db, clock, await body(req, ruleInputSchema), id)],
    ['DELETE', 'rules', true, async (_req, id) => removeRule(db, id).then(() => null)],
    ['PUT', 'accounts', true, async (req, domain) => {
      const { agentId } = await body(req, z.strictObject({ agentId: z.string().min(1).max(64) }));
      const account = accountInputSchema.safeParse({ domain, agentId });
      if (!account.success) throw new HttpError(400, 'invalid_payload');
      return putAccount(db, account.data);
    }],
    ['DELETE', 'accounts', true, async (_req, domain) => removeAccount(db, domain).then(() => null)],
    ['GET', 'agents', false, () => listAgents(db, clock)],
    ['PUT', 'agents', true, async (req, id) => {
      const { disabled } = await body(req, z.strictObject({ disabled: z.boolean() }));
      const agent = await setAgentDisabledById(db, clock, id, disabled);
      // its sockets close on every process now; this process's sweep hands its chats on right away
      if (disabled) deps.deliver([(effects) => effects.disconnectAgent(agent.id), sweepSoon]);
      return { ...agent, disabled };
    }],
  ];
}

export function createAdminHandler(deps: AdminHttpDeps): (req: IncomingMessage, res: ServerResponse, path: string) => Promise<void> {
  const table = routes(deps);
  return async (req, res, path) => {
    if (!applyCors(req, res, deps.config.agentOrigins)) return sendJson(res, 403, { error: 'forbidden' });
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
      const result = await route[3](req, param);
      if (result === null) sendEmpty(res, 204);
      else sendJson(res, 200, result);
    } catch (error) {
      // a named agent, team, rule or mapping that does not exist
      if (error instanceof AdminError) return sendJson(res, 400, { error: 'invalid_reference', message: error.message });
      throw error;
    }
  };
}
