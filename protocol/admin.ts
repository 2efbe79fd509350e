/**
 * The admin console's commands on `/agent` (SPEC R17, R23): zod schemas for what an admin sends and
 * the shapes the server answers. Every command answers `forbidden` to an agent who is not an admin.
 */
import { z } from 'zod';
import type { AckCallback } from './ack.ts';
import type { AgentDTO, Role } from './dto.ts';
import type { ConversationTranscript } from './inbox.ts';
import { LIMITS } from './limits.ts';
import { isSiteOriginEntry, originEntryAsSent } from './origins.ts';
import type { LiveDeskDTO, LiveDeskInput, ReportCsvInput, ReportDTO, ReportRangeInput } from './reports.ts';
import {
  CAPACITY_BOUNDS,
  accountInputSchema,
  ruleInputSchema,
  siteInputSchema,
  teamInputSchema,
  type AccountInput,
  type RoutingConfigDTO,
  type RoutingSettings,
  type RoutingSettingsPatch,
  type RoutingStrategy,
  type RuleDTO,
  type SiteInput,
  type TeamDTO,
} from './routing.ts';

const id = z.string().min(1).max(64);
const role = z.enum(['agent', 'admin']) satisfies z.ZodType<Role>;
const name = z.string().trim().min(1).max(LIMITS.name);

export const adminEmptySchema = z.strictObject({});
export type AdminEmptyInput = z.infer<typeof adminEmptySchema>;

/** An agent as the console lists them: state, load and capacity. */
export interface AdminAgentDTO extends AgentDTO {
  disabled: boolean;
  /** holds a connection on a live server process */
  online: boolean;
  /** accepted, not yet ended chats */
  activeChats: number;
  /** offers waiting for the agent's answer; they count against capacity too */
  pendingOffers: number;
  /** the most chats the agent holds at once: their own capacity, else the capacity setting */
  capacity: number;
  /** the agent's own capacity; null: the capacity setting (RoutingSettings.maxChatsPerAgent) */
  maxChats: number | null;
}

/** A new agent's or a reset password: shown once to the admin, stored only as a hash. */
export interface AgentWithPassword {
  agent: AdminAgentDTO;
  password: string;
}

export const agentCreateSchema = z.strictObject({
  email: z.email().max(LIMITS.email),
  name,
  role: role.optional(),
});
export type AgentCreateInput = z.infer<typeof agentCreateSchema>;

/** What an admin edits of an agent; `maxChats`: the agent's own capacity, null to take the capacity setting again. */
export const agentEditSchema = z.strictObject({
  name: name.optional(),
  role: role.optional(),
  maxChats: z.number().int().min(CAPACITY_BOUNDS.min).max(CAPACITY_BOUNDS.max).nullable().optional(),
});

/** Name, role and/or own capacity; at least one. */
export const agentUpdateSchema = agentEditSchema
  .extend({ agentId: id })
  .refine((input) => input.name !== undefined || input.role !== undefined || input.maxChats !== undefined, { message: 'name, role or maxChats' });
export type AgentUpdateInput = z.infer<typeof agentUpdateSchema>;

export const agentRefSchema = z.strictObject({ agentId: id });
export type AgentRefInput = z.infer<typeof agentRefSchema>;

export const agentSetDisabledSchema = z.strictObject({ agentId: id, disabled: z.boolean() });
export type AgentSetDisabledInput = z.infer<typeof agentSetDisabledSchema>;

/** No id: a new team or rule; an id: replaces that one. */
export const teamPutSchema = teamInputSchema.extend({ id: id.optional() });
export type TeamPutInput = z.infer<typeof teamPutSchema>;
export const rulePutSchema = ruleInputSchema.extend({ id: id.optional() });
export type RulePutInput = z.infer<typeof rulePutSchema>;
export const idRefSchema = z.strictObject({ id });
export type IdRefInput = z.infer<typeof idRefSchema>;
export const accountPutSchema = accountInputSchema;
export const accountRemoveSchema = z.strictObject({ domain: accountInputSchema.shape.domain });
export type AccountRemoveInput = z.infer<typeof accountRemoveSchema>;
export const sitePutSchema = siteInputSchema;
export const siteRemoveSchema = z.strictObject({ siteKey: siteInputSchema.shape.siteKey });
export type SiteRemoveInput = z.infer<typeof siteRemoveSchema>;

/** The most sites an admin may add in the console, besides the server's SITE_ORIGINS. */
export const MAX_ADDED_SITE_ORIGINS = 200;

/** A site the widget may run on, as an admin adds or removes it (protocol/origins.ts isSiteOriginEntry). */
export const siteOriginSchema = z.strictObject({
  pattern: z.string().max(300).transform(originEntryAsSent).refine(isSiteOriginEntry, 'not a site origin, e.g. https://shop.example.com or https://*.example.com'),
});
export type SiteOriginInput = z.infer<typeof siteOriginSchema>;

/** Where the widget may run: the server's SITE_ORIGINS (changed only there) and the sites admins added. */
export interface SiteOriginsDTO {
  fromServer: string[];
  added: Array<{ pattern: string; addedAt: number }>;
}

/** What the audit log records; `target_type` is the part before the dot. */
export const AUDIT_ACTIONS = [
  'agent.create',
  'agent.update',
  'agent.password_reset',
  'agent.disable',
  'agent.enable',
  'settings.update',
  'site.put',
  'site.remove',
  'team.put',
  'team.remove',
  'rule.put',
  'rule.remove',
  'account.put',
  'account.remove',
  'origin.add',
  'origin.remove',
  'chat.view',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];
export const AUDIT_TARGETS = ['agent', 'settings', 'site', 'origin', 'team', 'rule', 'account', 'chat'] as const;
export type AuditTarget = (typeof AUDIT_TARGETS)[number];

export const AUDIT_PAGE = { default: 50, max: 200 } as const;

/** Every filter is optional; `from` ≤ at < `to` (epoch ms). */
export const auditListSchema = z.strictObject({
  actorId: id.optional(),
  action: z.enum(AUDIT_ACTIONS).optional(),
  targetType: z.enum(AUDIT_TARGETS).optional(),
  targetId: z.string().min(1).max(300).optional(),
  from: z.number().int().min(0).optional(),
  to: z.number().int().min(0).optional(),
  /** the `nextCursor` of the previous page */
  cursor: z.string().max(200).optional(),
  limit: z.number().int().min(1).max(AUDIT_PAGE.max).optional(),
});
export type AuditListInput = z.infer<typeof auditListSchema>;

export interface AuditEntryDTO {
  id: string;
  at: number;
  /** the admin who acted; null: the shell (`npm run admin`) */
  actorId: string | null;
  action: AuditAction;
  targetType: AuditTarget;
  targetId: string | null;
  /** the values before and after the change (null: did not exist / no longer exists); never a password */
  before: unknown;
  after: unknown;
}

export interface AuditPage {
  /** newest first */
  items: AuditEntryDTO[];
  nextCursor: string | null;
}

const sampleText = z.string().trim().max(500);

/** A sample visitor and page to try the routing on; nothing is written. */
export const rulesTestSchema = z.strictObject({
  siteKey: siteInputSchema.shape.siteKey.optional(),
  pageUrl: z.string().max(2000).optional(),
  visitor: z.strictObject({
    name: sampleText.optional(),
    email: sampleText.optional(),
    jobTitle: sampleText.optional(),
    crmStatus: sampleText.optional(),
  }),
});
export type RulesTestInput = z.infer<typeof rulesTestSchema>;

export interface RulesTestResult {
  /** the strategy of the site (or the default site's) */
  strategy: RoutingStrategy;
  /** every rule whose conditions the sample meets, in the order they are tried */
  matchingRules: RuleDTO[];
  /** the rule whose target gives the first agent under the `rules` strategy; null: none does */
  ruleUsed: RuleDTO | null;
  /** the agent owning the sample email's domain, tried before everyone else */
  accountOwnerId: string | null;
  /** who would be offered the chat first right now (online, available, with room); null: nobody */
  firstAgent: { id: string; name: string } | null;
  /** every agent who could be offered it now, in the order they would be tried */
  order: Array<{ id: string; name: string }>;
}

export const chatViewSchema = z.strictObject({ conversationId: id });
export type ChatViewInput = z.infer<typeof chatViewSchema>;

/**
 * The admin commands of the `/agent` namespace (part of AgentClientToServerEvents). Each answers
 * `forbidden` to a caller whose role, read from the database on every call, is not admin.
 */
export interface AdminClientToServerEvents {
  'admin:agents:list': (input: AdminEmptyInput, ack: AckCallback<AdminAgentDTO[]>) => void;
  'admin:agents:create': (input: AgentCreateInput, ack: AckCallback<AgentWithPassword>) => void;
  'admin:agents:update': (input: AgentUpdateInput, ack: AckCallback<AdminAgentDTO>) => void;
  'admin:agents:resetPassword': (input: AgentRefInput, ack: AckCallback<AgentWithPassword>) => void;
  'admin:agents:setDisabled': (input: AgentSetDisabledInput, ack: AckCallback<AdminAgentDTO>) => void;
  'admin:routing:get': (input: AdminEmptyInput, ack: AckCallback<RoutingConfigDTO>) => void;
  'admin:settings:update': (input: RoutingSettingsPatch, ack: AckCallback<RoutingSettings>) => void;
  'admin:teams:put': (input: TeamPutInput, ack: AckCallback<TeamDTO>) => void;
  'admin:teams:remove': (input: IdRefInput, ack: AckCallback<null>) => void;
  'admin:rules:put': (input: RulePutInput, ack: AckCallback<RuleDTO>) => void;
  'admin:rules:remove': (input: IdRefInput, ack: AckCallback<null>) => void;
  'admin:rules:test': (input: RulesTestInput, ack: AckCallback<RulesTestResult>) => void;
  'admin:accounts:put': (input: AccountInput, ack: AckCallback<AccountInput>) => void;
  'admin:accounts:remove': (input: AccountRemoveInput, ack: AckCallback<null>) => void;
  'admin:sites:put': (input: SiteInput, ack: AckCallback<SiteInput>) => void;
  'admin:sites:remove': (input: SiteRemoveInput, ack: AckCallback<null>) => void;
  /** where the widget may run */
  'admin:origins:get': (input: AdminEmptyInput, ack: AckCallback<SiteOriginsDTO>) => void;
  /** adds a site (at once on every process); `conflict` when the list already allows exactly it or is full */
  'admin:origins:add': (input: SiteOriginInput, ack: AckCallback<SiteOriginsDTO>) => void;
  /** removes a site an admin added; `not_found` for any other; open chats go on, new visitors are refused */
  'admin:origins:remove': (input: SiteOriginInput, ack: AckCallback<SiteOriginsDTO>) => void;
  'admin:audit:list': (input: AuditListInput, ack: AckCallback<AuditPage>) => void;
  'admin:chat:view': (input: ChatViewInput, ack: AckCallback<ConversationTranscript>) => void;
  /** the report of a date range (protocol/reports.ts) */
  'admin:reports:get': (input: ReportRangeInput, ack: AckCallback<ReportDTO>) => void;
  /** one table of that report as CSV text (RFC 4180), made by the server's one CSV writer */
  'admin:reports:csv': (input: ReportCsvInput, ack: AckCallback<string>) => void;
  /** the desk now: agents, waiting chats, today's missed chats */
  'admin:live:get': (input: LiveDeskInput, ack: AckCallback<LiveDeskDTO>) => void;
}
