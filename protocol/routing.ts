/**
 * Availability schedules and routing configuration: the shapes agents and admins send, their zod
 * schemas, and what the server answers. Times of day are "HH:MM" in the schedule's time zone.
 */
import { z } from 'zod';
import { LOCALES, type Locale } from './locales.ts';

const timeOfDay = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, { message: 'HH:MM' });
/** A real calendar date: 2027-02-30 has the right shape and does not exist. */
function calendarDate(value: string): boolean {
  const [y, m, d] = value.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

const isoDate = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, { message: 'YYYY-MM-DD' })
  .refine(calendarDate, { message: 'no such date' });

/** Blocks of one day may touch but not overlap: an overlap is almost always a typing mistake. */
function noOverlap(blocks: ReadonlyArray<{ start: string; end: string }>): boolean {
  const sorted = [...blocks].sort((a, b) => (a.start < b.start ? -1 : 1));
  return sorted.every((b, i) => i === 0 || sorted[i - 1]!.end <= b.start);
}

function validTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export const timeBlockSchema = z
  .strictObject({ start: timeOfDay, end: timeOfDay })
  .refine((b) => b.start < b.end, { message: 'a block ends after it starts' });

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export const weeklyBlockSchema = z
  .strictObject({ day: z.number().int().min(1).max(7), start: timeOfDay, end: timeOfDay })
  .refine((b) => b.start < b.end, { message: 'a block ends after it starts' });

/** A dated exception replaces that day's weekly blocks: no blocks = a day off, blocks = other or extra hours. */
export const scheduleExceptionSchema = z.strictObject({
  date: isoDate,
  blocks: z.array(timeBlockSchema).max(12).refine(noOverlap, { message: 'blocks overlap' }),
});

export const scheduleSchema = z.strictObject({
  timeZone: z.string().min(1).max(64).refine(validTimeZone, { message: 'unknown time zone' }),
  weekly: z
    .array(weeklyBlockSchema)
    .max(70)
    .refine((blocks) => [1, 2, 3, 4, 5, 6, 7].every((day) => noOverlap(blocks.filter((b) => b.day === day))), { message: 'blocks overlap' }),
  exceptions: z
    .array(scheduleExceptionSchema)
    .max(366)
    .refine((list) => new Set(list.map((e) => e.date)).size === list.length, { message: 'one exception per date' }),
});

/** Exceptions lie between yesterday and this many days ahead (checked by the server with its clock). */
export const SCHEDULE_EXCEPTION_DAYS_AHEAD = 731;

export const scheduleGetSchema = z.strictObject({});

/** `schedule:set`: a schedule, or null to go back to the manual toggle alone. */
export const scheduleSetSchema = z.strictObject({ schedule: scheduleSchema.nullable() });

export type TimeBlock = z.infer<typeof timeBlockSchema>;
export type WeeklyBlock = z.infer<typeof weeklyBlockSchema>;
export type ScheduleException = z.infer<typeof scheduleExceptionSchema>;
export type Schedule = z.infer<typeof scheduleSchema>;
export type ScheduleSetInput = z.infer<typeof scheduleSetSchema>;

/** Why the agent is (un)available right now: their own toggle, or their schedule. */
export type AvailabilitySource = 'manual' | 'schedule';

// ----- routing (admin) -----
const id = z.string().min(1).max(64);

export const strategySchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('round_robin') }),
  z.strictObject({ kind: z.literal('least_busy') }),
  z.strictObject({ kind: z.literal('agent'), agentId: id }),
  z.strictObject({ kind: z.literal('team'), teamId: id }),
  z.strictObject({ kind: z.literal('rules') }),
]);
export type RoutingStrategy = z.infer<typeof strategySchema>;

/** Visitor attributes and the page a rule may test. */
export const RULE_FIELDS = ['name', 'email', 'emailDomain', 'jobTitle', 'crmStatus', 'pageUrl'] as const;
export type RuleField = (typeof RULE_FIELDS)[number];

export const ruleConditionSchema = z.discriminatedUnion('op', [
  z.strictObject({ field: z.enum(RULE_FIELDS), op: z.literal('equals'), value: z.string().max(500) }),
  z.strictObject({ field: z.enum(RULE_FIELDS), op: z.literal('contains'), value: z.string().min(1).max(500) }),
  z.strictObject({ field: z.enum(RULE_FIELDS), op: z.literal('one_of'), value: z.array(z.string().max(500)).min(1).max(100) }),
]);
export type RuleCondition = z.infer<typeof ruleConditionSchema>;

export const ruleTargetSchema = z.union([
  z.strictObject({ agentIds: z.array(id).min(1).max(100) }),
  z.strictObject({ teamId: id }),
]);
export type RuleTarget = z.infer<typeof ruleTargetSchema>;

/** A rule matches when all its conditions hold; the lowest priority number is tried first. */
export const ruleInputSchema = z.strictObject({
  name: z.string().trim().min(1).max(120),
  priority: z.number().int().min(0).max(1_000_000),
  conditions: z.array(ruleConditionSchema).min(1).max(20),
  target: ruleTargetSchema,
});
export type RuleInput = z.infer<typeof ruleInputSchema>;
export interface RuleDTO extends RuleInput {
  id: string;
}

export const teamInputSchema = z.strictObject({
  name: z.string().trim().min(1).max(120),
  agentIds: z.array(id).max(500),
});
export type TeamInput = z.infer<typeof teamInputSchema>;
export interface TeamDTO extends TeamInput {
  id: string;
}

export const accountInputSchema = z.strictObject({
  domain: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z0-9-]+(\.[a-z0-9-]+)+$/, { message: 'a domain like example.com' })
    .max(253),
  agentId: id,
});
export type AccountInput = z.infer<typeof accountInputSchema>;

export const siteInputSchema = z.strictObject({
  siteKey: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
  strategy: strategySchema,
});
export type SiteInput = z.infer<typeof siteInputSchema>;

const fallbackText = z.string().trim().min(1).max(1000);

/** What an admin may set the offer timeout, the idle timeout (both in ms) and an agent's capacity to. */
export const OFFER_TIMEOUT_BOUNDS = { min: 10_000, max: 600_000 } as const;
export const IDLE_TIMEOUT_BOUNDS = { min: 60_000, max: 86_400_000 } as const;
export const CAPACITY_BOUNDS = { min: 1, max: 50 } as const;

/** What an admin changes of the routing settings; each one never set falls back to the server's environment. */
export const routingSettingsPatchSchema = z.strictObject({
  /** the custom fallback message, for every language without its own; null removes it */
  fallbackMessage: fallbackText.nullable().optional(),
  /** fallback messages by language, merged into the stored ones; null removes a language's */
  fallbackMessages: z.partialRecord(z.enum(LOCALES), fallbackText.nullable()).optional(),
  /** with the fallback message, offer the visitor a calendar to book a meeting (round robin over agents taking meetings) */
  fallbackBooking: z.boolean().optional(),
  maxOffers: z.number().int().min(1).max(100).optional(),
  maxWaitMs: z.number().int().min(1000).max(86_400_000).optional(),
  queueMaxWaitMs: z.number().int().min(1000).max(86_400_000).optional(),
  /** how long an agent has to accept an offer: 10 s to 10 minutes */
  offerTimeoutMs: z.number().int().min(OFFER_TIMEOUT_BOUNDS.min).max(OFFER_TIMEOUT_BOUNDS.max).optional(),
  /** an active chat without a message from either side for this long ends: 1 minute to 24 hours */
  idleTimeoutMs: z.number().int().min(IDLE_TIMEOUT_BOUNDS.min).max(IDLE_TIMEOUT_BOUNDS.max).optional(),
  /** the most chats an agent holds at once, unless the agent has a capacity of their own: 1 to 50 */
  maxChatsPerAgent: z.number().int().min(CAPACITY_BOUNDS.min).max(CAPACITY_BOUNDS.max).optional(),
});
export type RoutingSettingsPatch = z.infer<typeof routingSettingsPatchSchema>;

/** The routing settings in force. */
export interface RoutingSettings {
  /** the custom fallback message (an admin's, else FALLBACK_MESSAGE) for languages without their own; null: none */
  fallbackMessage: string | null;
  /** what a visitor is told in each language when nobody takes the chat: that language's own text, else the custom one, else the shipped one */
  fallbackMessages: Record<Locale, string>;
  fallbackBooking: boolean;
  maxOffers: number;
  maxWaitMs: number;
  queueMaxWaitMs: number;
  offerTimeoutMs: number;
  idleTimeoutMs: number;
  /** the capacity of every agent without one of their own (AdminAgentDTO.capacity) */
  maxChatsPerAgent: number;
}

export interface RoutingConfigDTO {
  settings: RoutingSettings;
  sites: SiteInput[];
  teams: TeamDTO[];
  rules: RuleDTO[];
  accounts: AccountInput[];
}

/** `queue:updated` on /visitor: the chat waits for a free agent; position 1 is next. */
export interface QueueUpdateDTO {
  conversationId: string;
  position: number;
}
