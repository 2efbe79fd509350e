/** The routing half of `npm run admin`: sites' strategies, where the widget may run, teams, rules, account owners, settings. Agents are named by email. */
import type { z } from 'zod';
import { siteOriginSchema } from '../../protocol/admin.ts';
import { LOCALES, type Locale } from '../../protocol/locales.ts';
import {
  routingSettingsPatchSchema,
  ruleConditionSchema,
  ruleInputSchema,
  siteInputSchema,
  teamInputSchema,
  accountInputSchema,
  type RoutingStrategy,
  type RuleCondition,
} from '../../protocol/routing.ts';
import { findTeamByName } from '../db/routing-config.ts';
import type { Db } from '../db/schema.ts';
import { findUserByEmail } from '../db/users.ts';
import { AdminError } from '../services/agents.ts';
import type { ServiceDeps } from '../services/deps.ts';
import { addSiteOrigin, listSiteOrigins, removeSiteOrigin } from '../services/site-origins.ts';
import {
  putAccount,
  putRule,
  putSite,
  putTeam,
  removeAccount,
  removeRule,
  removeTeam,
  routingConfig,
  updateSettings,
} from '../services/routing-admin.ts';
import type { AdminContext } from '../services/audit.ts';
import type { Clock } from './clock.ts';

export const ROUTING_HELP = `Routing:
  routing                show teams, rules, account owners, sites' strategies and settings (JSON)
  site --site KEY --strategy round_robin|least_busy|rules|agent|team [--agent E | --team NAME]
                         how chats from a site are routed (KEY "default" for widgets naming none)
  origins                where the widget may run: SITE_ORIGINS and the sites added (JSON)
  origin-add --origin O  let the widget run on pages of O (https://shop.example.com, https://*.example.com)
  origin-delete --origin O
  team --name N --agents E1,E2      create or replace a team
  team-delete --name N
  rule --name N --priority P --when "FIELD OP VALUE" [--when …] (--agents E1,E2 | --team NAME)
                         FIELD: name email emailDomain jobTitle crmStatus pageUrl;
                         OP: equals, contains, one_of (VALUE comma-separated)
  rule-delete --id ID
  account --domain D --email E      visitors whose email is @D go first to agent E
  account-delete --domain D
  settings [--fallback-message M] [--fallback-message-LANG M] [--fallback-booking on|off]
           [--max-offers N] [--max-wait-ms N] [--queue-max-wait-ms N]
           [--offer-timeout-ms N] [--idle-timeout-ms N] [--max-chats-per-agent N]
                         LANG: en de sv nl es fr, the visitor's widget language; a language without its
                         own message gets --fallback-message, else a shipped text; "" removes a message`;

export const ROUTING_OPTIONS = {
  site: { type: 'string' },
  strategy: { type: 'string' },
  agent: { type: 'string' },
  agents: { type: 'string' },
  team: { type: 'string' },
  priority: { type: 'string' },
  when: { type: 'string', multiple: true },
  id: { type: 'string' },
  domain: { type: 'string' },
  origin: { type: 'string' },
  'fallback-message': { type: 'string' },
  'fallback-message-en': { type: 'string' },
  'fallback-message-de': { type: 'string' },
  'fallback-message-sv': { type: 'string' },
  'fallback-message-nl': { type: 'string' },
  'fallback-message-es': { type: 'string' },
  'fallback-message-fr': { type: 'string' },
  'fallback-booking': { type: 'string' },
  'max-offers': { type: 'string' },
  'max-wait-ms': { type: 'string' },
  'queue-max-wait-ms': { type: 'string' },
  'offer-timeout-ms': { type: 'string' },
  'idle-timeout-ms': { type: 'string' },
  'max-chats-per-agent': { type: 'string' },
} as const;

export type RoutingValues = Partial<Record<Exclude<keyof typeof ROUTING_OPTIONS, 'when'>, string>> & {
  when?: string[];
  name?: string;
  email?: string;
};

function need(value: string | undefined, flag: string): string {
  if (!value) throw new AdminError(`missing --${flag}`);
  return value;
}

function parse<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw new AdminError(parsed.error.issues.map((i) => `${i.path.join('.') || 'value'}: ${i.message}`).join('; '));
  return parsed.data;
}

async function agentId(db: Db, email: string): Promise<string> {
  const user = await findUserByEmail(db, email);
  if (!user) throw new AdminError(`no agent with email ${email}`);
  return user.id;
}

async function teamId(db: Db, name: string): Promise<string> {
  const team = await findTeamByName(db, name);
  if (!team) throw new AdminError(`no team named ${name}`);
  return team.id;
}

/** An empty message removes the stored one. */
const message = (s: string | undefined) => (s === undefined ? undefined : s.trim() === '' ? null : s);

function messagesByLanguage(v: RoutingValues): Partial<Record<Locale, string | null>> | undefined {
  const given = LOCALES.filter((l) => v[`fallback-message-${l}`] !== undefined);
  return given.length ? Object.fromEntries(given.map((l) => [l, message(v[`fallback-message-${l}`])])) : undefined;
}

const list = (s: string) => s.split(',').map((x) => x.trim()).filter((x) => x.length > 0);
const num = (s: string | undefined) => (s === undefined ? undefined : Number(s));

function onOff(s: string | undefined): boolean | undefined {
  if (s === undefined) return undefined;
  if (s === 'on' || s === 'off') return s === 'on';
  throw new AdminError(`--fallback-booking takes on or off, got: ${s}`);
}

function condition(text: string): RuleCondition {
  const match = /^\s*(\S+)\s+(\S+)\s+(.*)$/.exec(text);
  if (!match) throw new AdminError(`--when needs "FIELD OP VALUE", got: ${text}`);
  const [, field, op, value] = match;
  return parse(ruleConditionSchema, { field, op, value: op === 'one_of' ? list(value!) : value!.trim() });
}

async function strategy(db: Db, v: RoutingValues): Promise<RoutingStrategy> {
  const kind = need(v.strategy, 'strategy');
  if (kind === 'agent') return { kind, agentId: await agentId(db, need(v.agent, 'agent')) };
  if (kind === 'team') return { kind, teamId: await teamId(db, need(v.team, 'team')) };
  if (kind === 'round_robin' || kind === 'least_busy' || kind === 'rules') return { kind };
  throw new AdminError(`unknown strategy: ${kind}`);
}

/** Runs a routing command; null when `name` is not one. */
export async function runRoutingCommand(
  name: string,
  v: RoutingValues,
  db: Db,
  clock: Clock,
  config: ServiceDeps['config'],
): Promise<string | null> {
  // the shell acts as nobody in particular: its audit entries have no actor
  const shell: AdminContext = { db, clock, actorId: null };
  switch (name) {
    case 'routing':
      return JSON.stringify(await routingConfig(db, config), null, 2);
    case 'site': {
      const site = parse(siteInputSchema, { siteKey: need(v.site, 'site'), strategy: await strategy(db, v) });
      await putSite(shell, site);
      return `site ${site.siteKey}: ${site.strategy.kind}`;
    }
    case 'origins':
      return JSON.stringify(await listSiteOrigins(db, config.siteOrigins), null, 2);
    case 'origin-add': {
      const { pattern } = parse(siteOriginSchema, { pattern: need(v.origin, 'origin') });
      await addSiteOrigin(shell, config.siteOrigins, pattern);
      return `added ${pattern}`;
    }
    case 'origin-delete': {
      const { pattern } = parse(siteOriginSchema, { pattern: need(v.origin, 'origin') });
      await removeSiteOrigin(shell, config.siteOrigins, pattern);
      return `deleted ${pattern}`;
    }
    case 'team': {
      const teamName = need(v.name, 'name');
      const ids = await Promise.all(list(need(v.agents, 'agents')).map((e) => agentId(db, e)));
      const existing = await findTeamByName(db, teamName);
      const team = await putTeam(shell, parse(teamInputSchema, { name: teamName, agentIds: ids }), existing?.id);
      return `team ${team.name} (${team.id}): ${team.agentIds.length} agents`;
    }
    case 'team-delete':
      await removeTeam(shell, await teamId(db, need(v.name, 'name')));
      return `deleted team ${v.name}`;
    case 'rule': {
      const conditions = (v.when ?? []).map(condition);
      const target = v.team
        ? { teamId: await teamId(db, v.team) }
        : { agentIds: await Promise.all(list(need(v.agents, 'agents or --team')).map((e) => agentId(db, e))) };
      const input = parse(ruleInputSchema, {
        name: need(v.name, 'name'),
        priority: num(need(v.priority, 'priority')),
        conditions,
        target,
      });
      return `rule ${(await putRule(shell, input)).id}: ${input.name}`;
    }
    case 'rule-delete':
      await removeRule(shell, need(v.id, 'id'));
      return `deleted rule ${v.id}`;
    case 'account': {
      const account = parse(accountInputSchema, { domain: need(v.domain, 'domain'), agentId: await agentId(db, need(v.email, 'email')) });
      await putAccount(shell, account);
      return `account ${account.domain} → ${v.email}`;
    }
    case 'account-delete':
      await removeAccount(shell, need(v.domain, 'domain'));
      return `deleted account ${v.domain}`;
    case 'settings': {
      const patch = parse(routingSettingsPatchSchema, {
        fallbackMessage: message(v['fallback-message']),
        fallbackMessages: messagesByLanguage(v),
        fallbackBooking: onOff(v['fallback-booking']),
        maxOffers: num(v['max-offers']),
        maxWaitMs: num(v['max-wait-ms']),
        queueMaxWaitMs: num(v['queue-max-wait-ms']),
        offerTimeoutMs: num(v['offer-timeout-ms']),
        idleTimeoutMs: num(v['idle-timeout-ms']),
        maxChatsPerAgent: num(v['max-chats-per-agent']),
      });
      return JSON.stringify(await updateSettings(shell, config, patch), null, 2);
    }
    default:
      return null;
  }
}
