/**
 * What admins change about routing, shared by the admin command and the admin HTTP API: inputs
 * arrive validated by the protocol's schemas; here every agent and team they name must exist.
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
import { inTransaction } from '../db/tx.ts';
import type { Clock } from '../src/clock.ts';
import { AdminError } from './agents.ts';
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
export async function updateSettings(db: Db, config: ServiceDeps['config'], patch: RoutingSettingsPatch): Promise<RoutingSettings> {
  await inTransaction(db, async (trx) => {
    const byLanguage = patch.fallbackMessages && { ...(await storedSettings(trx)).fallbackMessages, ...patch.fallbackMessages };
    const fallbackMessages = byLanguage && Object.fromEntries(Object.entries(byLanguage).filter(([, text]) => text !== null));
    await saveSettings(trx, { ...patch, ...(fallbackMessages ? { fallbackMessages } : {}) });
  });
  return routingSettings(db, config);
}

export async function putSite(db: Db, input: SiteInput): Promise<SiteInput> {
  await requireStrategyRefs(db, input.strategy);
  await saveSite(db, input);
  return input;
}

export async function removeSite(db: Db, siteKey: string): Promise<void> {
  if (!(await deleteSite(db, siteKey))) throw new AdminError(`no site ${siteKey}`);
}

export function putTeam(db: Db, clock: Clock, input: TeamInput, id?: string): Promise<TeamDTO> {
  return inTransaction(db, async (trx) => {
    if (id) await requireTeam(trx, id);
    await requireAgents(trx, input.agentIds);
    return saveTeam(trx, input, clock.now(), id);
  });
}

export async function removeTeam(db: Db, id: string): Promise<void> {
  const inUse = (await listSites(db)).some((s) => s.strategy.kind === 'team' && s.strategy.teamId === id);
  const inRules = (await listRules(db)).some((r) => 'teamId' in r.target && r.target.teamId === id);
  if (inUse || inRules) throw new AdminError('the team is still used by a site or a rule');
  const deleted = await inTransaction(db, (trx) => deleteTeam(trx, id));
  if (!deleted) throw new AdminError(`no team with id ${id}`);
}

export async function putRule(db: Db, clock: Clock, input: RuleInput, id?: string): Promise<RuleDTO> {
  if ('agentIds' in input.target) await requireAgents(db, input.target.agentIds);
  else await requireTeam(db, input.target.teamId);
  if (id && !(await listRules(db)).some((r) => r.id === id)) throw new AdminError(`no rule with id ${id}`);
  return saveRule(db, input, clock.now(), id);
}

export async function removeRule(db: Db, id: string): Promise<void> {
  if (!(await deleteRule(db, id))) throw new AdminError(`no rule with id ${id}`);
}

export async function putAccount(db: Db, input: AccountInput): Promise<AccountInput> {
  await requireAgents(db, [input.agentId]);
  await saveAccount(db, input);
  return input;
}

export async function removeAccount(db: Db, domain: string): Promise<void> {
  if (!(await deleteAccount(db, domain))) throw new AdminError(`no account mapping for ${domain}`);
}
