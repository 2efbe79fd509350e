/**
 * Reports and the live desk (SPEC R24): what an admin asks for and the shapes the server answers with.
 * Times are epoch ms, durations ms; dates are YYYY-MM-DD calendar days in the request's time zone.
 */
import { z } from 'zod';
import { scheduleSchema } from './routing.ts';

const timeZone = scheduleSchema.shape.timeZone;
const isoDate = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, { message: 'YYYY-MM-DD' });

/** The longest range one report covers: a leap year. */
export const REPORT_MAX_DAYS = 366;

/** Days from one calendar date to another: pure calendar arithmetic, no time zone involved. */
export function calendarDaysBetween(from: string, to: string): number {
  const day = (date: string) => {
    const [y, m, d] = date.split('-').map(Number) as [number, number, number];
    return Date.UTC(y, m - 1, d) / 86_400_000;
  };
  return day(to) - day(from);
}

function realDate(value: string): boolean {
  const [y, m, d] = value.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** The days [from, to) in `timeZone`: `to` is the first day not counted. */
export const reportRangeSchema = z
  .strictObject({
    from: isoDate.refine(realDate, { message: 'no such date' }),
    to: isoDate.refine(realDate, { message: 'no such date' }),
    timeZone,
  })
  .refine((r) => calendarDaysBetween(r.from, r.to) >= 1, { message: 'the range ends after it starts', path: ['to'] })
  .refine((r) => calendarDaysBetween(r.from, r.to) <= REPORT_MAX_DAYS, { message: `at most ${REPORT_MAX_DAYS} days`, path: ['to'] });
export type ReportRangeInput = z.infer<typeof reportRangeSchema>;

export const REPORT_KINDS = ['days', 'agents', 'heatmap'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

export const reportCsvSchema = z.strictObject({ range: reportRangeSchema, kind: z.enum(REPORT_KINDS) });
export type ReportCsvInput = z.infer<typeof reportCsvSchema>;

/** "Today" of the live desk's missed chats is today in this zone. */
export const liveDeskSchema = z.strictObject({ timeZone });
export type LiveDeskInput = z.infer<typeof liveDeskSchema>;

/**
 * Nearest-rank percentiles of a set of durations: of n values sorted ascending, p50 is the value at
 * rank ⌈0.5·n⌉ and p90 the one at rank ⌈0.9·n⌉ (ranks from 1), so each is a value that really
 * occurred. Null when there is no value (n = 0).
 */
export interface Percentiles {
  /** how many values there were */
  n: number;
  p50: number | null;
  p90: number | null;
}

/**
 * Every figure of a chat belongs to the day its visitor requested it (in the report's zone), so a
 * chat's offers, accept and end are counted once, on one day, even when they happen after midnight.
 */
export interface ReportCounts {
  /** chats visitors started */
  requested: number;
  /** offers made (a chat offered to three agents in turn counts three) */
  offered: number;
  /** offers accepted */
  accepted: number;
  /** offers the agent declined */
  declined: number;
  /** offers that ran out of time, whether the agent saw them or had lost their connection */
  timedOut: number;
  /** chats that ended without any agent accepting them: nobody took them, or the visitor left waiting */
  missed: number;
}

/**
 * Durations of chats an agent accepted (the first accept, if a chat was handed back and taken again):
 * request → accept; accept → the first agent message after it; accept → end (ended chats only).
 */
export interface ReportTimings {
  timeToAccept: Percentiles;
  timeToFirstReply: Percentiles;
  chatLength: Percentiles;
}

/** The visitors' ratings (1–5) of the chats: how many rated, and their mean (null when none did). */
export interface RatingSummary {
  n: number;
  average: number | null;
}

/** Ratings of the chats requested that day, or (per agent) of the chats that ended with that agent. */
export interface ReportRatings {
  ratings: RatingSummary;
}

export interface DayReport extends ReportCounts, ReportTimings, ReportRatings {
  date: string;
}

/** Offers are the agent's own; timings are of the chats the agent accepted first. */
export interface AgentReport extends Omit<ReportCounts, 'requested' | 'missed'>, ReportTimings, ReportRatings {
  agentId: string;
  agentName: string;
}

export interface ReportDTO {
  from: string;
  to: string;
  timeZone: string;
  totals: ReportCounts & ReportTimings & ReportRatings;
  /** every day of the range, in order, days without chats included */
  days: DayReport[];
  /** every agent who was offered a chat in the range, by name */
  agents: AgentReport[];
  /** chats requested by weekday × hour in the zone: [0] is Monday … [6] Sunday, each with 24 hours */
  heatmap: number[][];
}

/** An agent on the desk right now (enabled agents and admins alike: both take chats). */
export interface DeskAgent {
  agentId: string;
  name: string;
  /** holds a connection on a live server process */
  online: boolean;
  /** their connection dropped moments ago; they count as coming back for a while */
  returning: boolean;
  /** effectively available: the toggle while it holds, else the schedule */
  available: boolean;
  activeChats: number;
  pendingOffers: number;
  /** the most chats (accepted + offered) they hold at once */
  capacity: number;
}

/** A chat no agent has accepted yet, with how long its visitor has waited. */
export interface DeskWaitingChat {
  conversationId: string;
  visitorName: string | null;
  requestedAt: number;
  /** since the request, or since the chat went back to routing (its agent was disabled) */
  waitingMs: number;
  /** place in the queue of chats waiting for a free agent; null while it is not queued */
  queuePosition: number | null;
  offersMade: number;
  /** the open offer, waiting for that agent's answer; null while the chat waits for an offer */
  offer: { agentId: string; agentName: string; expiresAt: number } | null;
}

export interface DeskMissedChat {
  conversationId: string;
  visitorName: string | null;
  requestedAt: number;
  endedAt: number;
  /** 'missed': nobody took it (the visitor got the fallback); 'ended': the visitor left while waiting */
  status: 'missed' | 'ended';
}

/** A chat an agent holds now: what an admin may open read-only. */
export interface DeskActiveChat {
  conversationId: string;
  visitorName: string | null;
  agentId: string | null;
  agentName: string | null;
  requestedAt: number;
}

export interface LiveDeskDTO {
  /** when the desk was read */
  at: number;
  timeZone: string;
  agents: DeskAgent[];
  /** every chat waiting for an agent, longest wait first */
  waiting: DeskWaitingChat[];
  /** how many of `waiting` have no open offer: queued, or between two offers */
  waitingForOffer: number;
  /** chats missed today in `timeZone` (ended without an agent), newest first, at most DESK_MISSED_LIMIT */
  missedToday: DeskMissedChat[];
  /** all of today's missed chats, also those past the list's limit */
  missedTodayCount: number;
  /** the chats agents hold now, oldest first, at most DESK_ACTIVE_LIMIT */
  active: DeskActiveChat[];
}

export const DESK_ACTIVE_LIMIT = 500;

export const DESK_MISSED_LIMIT = 100;
