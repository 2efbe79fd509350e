/**
 * What admins change about routing, shared by the admin commands on `/agent`, the admin HTTP API and
 * `npm run admin`: inputs arrive validated by the protocol's schemas; here every agent and team they
 * name must exist. Every change is written with its audit entry (values before and after) in one
 * transaction.
 */
import type {
  AccountInput,
  RoutingConfigDTO,
  RoutingSettings,
  RoutingSettingsPatch,
  RoutingStrategy,
  RuleDTO,
  RuleInput,
  SiteInput,
  TeamDTO,
  TeamInput,
} from '../../protocol/routing.ts';
import {
  deleteAccount,
  deleteRule,
  deleteSite,
  deleteTeam,
  listAccounts,
  listRules,
  listSites,
  listTeams,
  saveAccount,
  saveRule,
  saveSettings,
  saveSite,
  saveTeam,
  storedSettings,
} from '../db/routing-config.ts';
import type { Db } from '../db/schema.ts';
import { AdminError } from './agents.ts';
import { auditedChange, type AdminContext } from './audit.ts';
import type { ServiceDeps } from './deps.ts';
import { routingSettings } from './routing-settings.ts';

async function requireAgents(db: Db, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  const found = await db.selectFrom('users').select('id').where('id', 'in', [...new Set(ids)]).execute();
  const known = new Set(found.map((r) => r.id));
  const missing = ids.find((id) => !known.has(id));
  if (missing) throw new AdminError(`no agent with id ${missing}`);
}

async function requireTeam(db: Db, teamId: string): Promise<void> {
  const team = await db.selectFrom('teams').select('id').where('id', '=', teamId).executeTakeFirst();
  if (!team) throw new AdminError(`no team with id ${teamId}`);
}

async function requireStrategyRefs(db: Db, strategy: RoutingStrategy): Promise<void> {
  if (strategy.kind === 'agent') await requireAgents(db, [strategy.agentId]);
  if (strategy.kind === 'team') await requireTeam(db, strategy.teamId);
}

export async function routingConfig(db: Db, config: ServiceDeps['config']): Promise<RoutingConfigDTO> {
  return {
    settings: await routingSettings(db, config),
    sites: await listSites(db),
    teams: await listTeams(db),
    rules: await listRules(db),
    accounts: await listAccounts(db),
  };
}

/** Changes the settings the patch names; its fallback messages by language are merged into the stored ones. */
export async function updateSettings(ctx: AdminContext, config: ServiceDeps['config'], patch: RoutingSettingsPatch): Promise<RoutingSettings> {
  await auditedChange(ctx, async (trx) => {
    const before = await storedSettings(trx);
    const byLanguage = patch.fallbackMessages && { ...before.fallbackMessages, ...patch.fallbackMessages };
    const fallbackMessages = byLanguage && Object.fromEntries(Object.entries(byLanguage).filter(([, text]) => text !== null));
    await saveSettings(trx, { ...patch, ...(fallbackMessages ? { fallbackMessages } : {}) });
    return { result: null, audit: { action: 'settings.update', targetId: null, before, after: await storedSettings(trx) } };
  });
  return routingSettings(ctx.db, config);
}

export function putSite(ctx: AdminContext, input: SiteInput): Promise<SiteInput> {
  return auditedChange(ctx, async (trx) => {
    await requireStrategyRefs(trx, input.strategy);
    const before = (await listSites(trx)).find((s) => s.siteKey === input.siteKey) ?? null;
    await saveSite(trx, input);
    return { result: input, audit: { action: 'site.put', targetId: input.siteKey, before, after: input } };
  });
}

export function removeSite(ctx: AdminContext, siteKey: string): Promise<void> {
  return auditedChange(ctx, async (trx) => {
    const before = (await listSites(trx)).find((s) => s.siteKey === siteKey);
    if (!before || !(await deleteSite(trx, siteKey))) throw new AdminError(`no site ${siteKey}`);
    return { result: undefined, audit: { action: 'site.remove', targetId: siteKey, before, after: null } };
  });
}

export function putTeam(ctx: AdminContext, input: TeamInput, id?: string): Promise<TeamDTO> {
  return auditedChange(ctx, async (trx) => {
    const before = id ? (await listTeams(trx)).find((t) => t.id === id) : null;
    if (id && !before) throw new AdminError(`no team with id ${id}`);
    await requireAgents(trx, input.agentIds);
    const team = await saveTeam(trx, input, ctx.clock.now(), id);
    return { result: team, audit: { action: 'team.put', targetId: team.id, before: before ?? null, after: team } };
  });
}

export function removeTeam(ctx: AdminContext, id: string): Promise<void> {
  return auditedChange(ctx, async (trx) => {
    const inUse = (await listSites(trx)).some((s) => s.strategy.kind === 'team' && s.strategy.teamId === id);
    const inRules = (await listRules(trx)).some((r) => 'teamId' in r.target && r.target.teamId === id);
    if (inUse || inRules) throw new AdminError('the team is still used by a site or a rule', 'conflict');
    const before = (await listTeams(trx)).find((t) => t.id === id);
    if (!before || !(await deleteTeam(trx, id))) throw new AdminError(`no team with id ${id}`);
    return { result: undefined, audit: { action: 'team.remove', targetId: id, before, after: null } };
  });
}

export function putRule(ctx: AdminContext, input: RuleInput, id?: string): Promise<RuleDTO> {
  return auditedChange(ctx, async (trx) => {
    if ('agentIds' in input.target) await requireAgents(trx, input.target.agentIds);
    else await requireTeam(trx, input.target.teamId);
    const before = id ? (await listRules(trx)).find((r) => r.id === id) : null;
    if (id && !before) throw new AdminError(`no rule with id ${id}`);
    const rule = await saveRule(trx, input, ctx.clock.now(), id);
    return { result: rule, audit: { action: 'rule.put', targetId: rule.id, before: before ?? null, after: rule } };
  });
}

export function removeRule(ctx: AdminContext, id: string): Promise<void> {
  return auditedChange(ctx, async (trx) => {
    const before = (await listRules(trx)).find((r) => r.id === id);
    if (!before || !(await deleteRule(trx, id))) throw new AdminError(`no rule with id ${id}`);
    return { result: undefined, audit: { action: 'rule.remove', targetId: id, before, after: null } };
  });
}

export function putAccount(ctx: AdminContext, input: AccountInput): Promise<AccountInput> {
  return auditedChange(ctx, async (trx) => {
    await requireAgents(trx, [input.agentId]);
    const before = (await listAccounts(trx)).find((a) => a.domain === input.domain) ?? null;
    await saveAccount(trx, input);
    return { result: input, audit: { action: 'account.put', targetId: input.domain, before, after: input } };
  });
}

export function removeAccount(ctx: AdminContext, domain: string): Promise<void> {
  const key = domain.toLowerCase();
  return auditedChange(ctx, async (trx) => {
    const before = (await listAccounts(trx)).find((a) => a.domain === key);
    if (!before || !(await deleteAccount(trx, key))) throw new AdminError(`no account mapping for ${domain}`);
    return { result: undefined, audit: { action: 'account.remove', targetId: key, before, after: null } };
  });
}
