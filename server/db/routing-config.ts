/** Teams, rules, account owners, per-site strategies and admin settings: reads and writes. */
import { randomUUID } from 'node:crypto';
import type {
  AccountInput,
  RoutingSettingsPatch,
  RoutingStrategy,
  RuleCondition,
  RuleDTO,
  RuleInput,
  RuleTarget,
  SiteInput,
  TeamDTO,
  TeamInput,
} from '../../protocol/routing.ts';
import type { Db } from './schema.ts';

/** The site whose strategy applies when a widget names none. */
export const DEFAULT_SITE = 'default';

export async function listTeams(db: Db): Promise<TeamDTO[]> {
  const teams = await db.selectFrom('teams').selectAll().orderBy('name').orderBy('id').execute();
  const members = await db.selectFrom('team_members').selectAll().orderBy('agent_id').execute();
  return teams.map((t) => ({
    id: t.id,
    name: t.name,
    agentIds: members.filter((m) => m.team_id === t.id).map((m) => m.agent_id),
  }));
}

/** Creates a team, or replaces the name and members of the team with `id`. */
export async function saveTeam(db: Db, input: TeamInput, now: number, id: string = randomUUID()): Promise<TeamDTO> {
  const exists = await db.selectFrom('teams').select('id').where('id', '=', id).executeTakeFirst();
  if (exists) await db.updateTable('teams').set({ name: input.name }).where('id', '=', id).execute();
  else await db.insertInto('teams').values({ id, name: input.name, created_at: now }).execute();
  await db.deleteFrom('team_members').where('team_id', '=', id).execute();
  const agentIds = [...new Set(input.agentIds)];
  if (agentIds.length > 0) {
    await db.insertInto('team_members').values(agentIds.map((agent_id) => ({ team_id: id, agent_id }))).execute();
  }
  return { id, name: input.name, agentIds };
}

export async function deleteTeam(db: Db, id: string): Promise<boolean> {
  await db.deleteFrom('team_members').where('team_id', '=', id).execute();
  const result = await db.deleteFrom('teams').where('id', '=', id).executeTakeFirst();
  return result.numDeletedRows === 1n;
}

export async function findTeamByName(db: Db, name: string): Promise<TeamDTO | undefined> {
  return (await listTeams(db)).find((t) => t.name === name);
}

/** Rules in the order they are tried: lowest priority number first, then oldest. */
export async function listRules(db: Db): Promise<RuleDTO[]> {
  const rows = await db.selectFrom('routing_rules').selectAll().orderBy('priority').orderBy('created_at').orderBy('id').execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    priority: r.priority,
    conditions: JSON.parse(r.conditions) as RuleCondition[],
    target: JSON.parse(r.target) as RuleTarget,
  }));
}

export async function saveRule(db: Db, input: RuleInput, now: number, id: string = randomUUID()): Promise<RuleDTO> {
  const values = {
    name: input.name,
    priority: input.priority,
    conditions: JSON.stringify(input.conditions),
    target: JSON.stringify(input.target),
  };
  const updated = await db.updateTable('routing_rules').set(values).where('id', '=', id).executeTakeFirst();
  if (updated.numUpdatedRows !== 1n) await db.insertInto('routing_rules').values({ id, ...values, created_at: now }).execute();
  return { id, ...input };
}

export async function deleteRule(db: Db, id: string): Promise<boolean> {
  const result = await db.deleteFrom('routing_rules').where('id', '=', id).executeTakeFirst();
  return result.numDeletedRows === 1n;
}

export function listAccounts(db: Db): Promise<AccountInput[]> {
  return db.selectFrom('account_owners').select(['domain', 'agent_id as agentId']).orderBy('domain').execute();
}

export async function accountOwnerOf(db: Db, domain: string): Promise<string | null> {
  const row = await db.selectFrom('account_owners').select('agent_id').where('domain', '=', domain).executeTakeFirst();
  return row?.agent_id ?? null;
}

export async function saveAccount(db: Db, input: AccountInput): Promise<void> {
  const values = { domain: input.domain, agent_id: input.agentId };
  const updated = await db.updateTable('account_owners').set(values).where('domain', '=', input.domain).executeTakeFirst();
  if (updated.numUpdatedRows !== 1n) await db.insertInto('account_owners').values(values).execute();
}

export async function deleteAccount(db: Db, domain: string): Promise<boolean> {
  const result = await db.deleteFrom('account_owners').where('domain', '=', domain.toLowerCase()).executeTakeFirst();
  return result.numDeletedRows === 1n;
}

export async function listSites(db: Db): Promise<SiteInput[]> {
  const rows = await db.selectFrom('routing_sites').selectAll().orderBy('site_key').execute();
  return rows.map((r) => ({ siteKey: r.site_key, strategy: JSON.parse(r.strategy) as RoutingStrategy }));
}

/** The site's strategy, else the default site's, else fair round robin. */
export async function strategyOf(db: Db, siteKey: string | null): Promise<RoutingStrategy> {
  const keys = siteKey && siteKey !== DEFAULT_SITE ? [siteKey, DEFAULT_SITE] : [DEFAULT_SITE];
  const rows = await db.selectFrom('routing_sites').selectAll().where('site_key', 'in', keys).execute();
  const row = rows.find((r) => r.site_key === keys[0]) ?? rows.find((r) => r.site_key === DEFAULT_SITE);
  return row ? (JSON.parse(row.strategy) as RoutingStrategy) : { kind: 'round_robin' };
}

export async function saveSite(db: Db, input: SiteInput): Promise<void> {
  const strategy = JSON.stringify(input.strategy);
  const updated = await db.updateTable('routing_sites').set({ strategy }).where('site_key', '=', input.siteKey).executeTakeFirst();
  if (updated.numUpdatedRows !== 1n) await db.insertInto('routing_sites').values({ site_key: input.siteKey, strategy }).execute();
}

export async function deleteSite(db: Db, siteKey: string): Promise<boolean> {
  const result = await db.deleteFrom('routing_sites').where('site_key', '=', siteKey).executeTakeFirst();
  return result.numDeletedRows === 1n;
}

/** The settings an admin stored; absent keys fall back to the environment. */
export async function storedSettings(db: Db): Promise<RoutingSettingsPatch> {
  const rows = await db.selectFrom('routing_settings').selectAll().execute();
  return Object.fromEntries(rows.map((r) => [r.key, JSON.parse(r.value) as unknown])) as RoutingSettingsPatch;
}

/** One stored setting's value; undefined: never set. */
export async function storedSetting<K extends keyof RoutingSettingsPatch>(db: Db, key: K): Promise<RoutingSettingsPatch[K] | undefined> {
  const row = await db.selectFrom('routing_settings').select('value').where('key', '=', key).executeTakeFirst();
  return row ? (JSON.parse(row.value) as RoutingSettingsPatch[K]) : undefined;
}

/** Stores each setting of the patch whole, replacing what was stored under its name. */
export async function saveSettings(db: Db, patch: RoutingSettingsPatch): Promise<void> {
  for (const [key, raw] of Object.entries(patch)) {
    if (raw === undefined) continue;
    const value = JSON.stringify(raw);
    const updated = await db.updateTable('routing_settings').set({ value }).where('key', '=', key).executeTakeFirst();
    if (updated.numUpdatedRows !== 1n) await db.insertInto('routing_settings').values({ key, value }).execute();
  }
}
