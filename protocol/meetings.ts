/**
 * Visitor identity, page-visit activities and meetings (SPEC R9, R11, R12, R13, R15): the commands'
 * schemas and the shapes the server answers with. Times are epoch ms; dates are YYYY-MM-DD.
 */
import { z } from 'zod';
import { LIMITS } from './limits.ts';
import { scheduleSchema, weeklyBlockSchema } from './routing.ts';
import { webUrl } from './schemas.ts';

const id = z.string().min(1).max(64);
const clientId = z.string().min(1).max(LIMITS.clientId).regex(/^[A-Za-z0-9_-]+$/);
const timeZone = scheduleSchema.shape.timeZone;
const isoDate = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, { message: 'YYYY-MM-DD' });
const attribute = z.string().trim().max(200);

export const MEETING_LIMITS = {
  /** the most days one `meetings:slots` call may cover */
  slotDays: 14,
  customFields: 20,
} as const;

// ----- visitor identity (R9, R15) -----
export const visitorIdentifySchema = z.strictObject({
  name: z.string().trim().min(1).max(LIMITS.name).optional(),
  email: z.email().max(LIMITS.email).optional(),
  jobTitle: attribute.optional(),
  phone: z.string().trim().max(50).optional(),
  crmStatus: attribute.optional(),
  company: attribute.optional(),
  custom: z
    .record(z.string().regex(/^[A-Za-z0-9_.-]{1,40}$/), z.string().max(500))
    .refine((r) => Object.keys(r).length <= MEETING_LIMITS.customFields, { message: 'too many custom fields' })
    .optional(),
  /** when the host's server signed the email: Unix time in seconds */
  issuedAt: z.number().int().positive().max(1e11).optional(),
  /** hex HMAC-SHA256 of `${issuedAt}.${email}` (the email exactly as sent), keyed with the site secret; made by the host's server */
  signature: z.string().regex(/^[0-9a-fA-F]{64}$/).optional(),
});
export type VisitorIdentifyInput = z.infer<typeof visitorIdentifySchema>;

export interface IdentifyResult {
  /** true when the signature proved the email; the visitor is then linked to that contact */
  verified: boolean;
}

// ----- activities (R11) -----
export const activityPageSchema = z.strictObject({
  url: webUrl,
  title: z.string().trim().max(300),
});
export type ActivityPageInput = z.infer<typeof activityPageSchema>;

// ----- meeting settings (R13) -----
export const meetingSettingsSchema = z.strictObject({
  timeZone,
  /** ISO weekdays with HH:MM blocks in `timeZone` */
  weekly: z.array(weeklyBlockSchema).max(70),
  lengthMinutes: z.number().int().min(5).max(480),
  /** free time kept before and after every meeting */
  bufferMinutes: z.number().int().min(0).max(240),
  /** whether the agent's calendar may be offered to visitors */
  takesMeetings: z.boolean(),
});
export type MeetingSettings = z.infer<typeof meetingSettingsSchema>;

export const emptyInputSchema = z.strictObject({});
export type EmptyInput = z.infer<typeof emptyInputSchema>;

/** Agents may share their own or another agent's calendar into a chat they hold. */
export const meetingsShareSchema = z.strictObject({
  conversationId: id,
  agentId: id,
  /** idempotency key as for `message:send`; the server makes one when absent */
  clientId: clientId.optional(),
});
export type MeetingsShareInput = z.infer<typeof meetingsShareSchema>;

// ----- booking (visitor) -----
export const meetingsSlotsSchema = z.strictObject({
  agentId: id,
  /** the first day shown, in the visitor's `timeZone` */
  from: isoDate,
  days: z.number().int().min(1).max(MEETING_LIMITS.slotDays),
  /** the visitor's IANA zone: the days are the visitor's days */
  timeZone,
});
export type MeetingsSlotsInput = z.infer<typeof meetingsSlotsSchema>;

export const meetingsBookSchema = z.strictObject({
  agentId: id,
  /** a slot's `start` from `meetings:slots` */
  start: z.number().int().min(0),
  conversationId: id,
});
export type MeetingsBookInput = z.infer<typeof meetingsBookSchema>;

export const meetingRefSchema = z.strictObject({ meetingId: id });
export type MeetingRefInput = z.infer<typeof meetingRefSchema>;

export interface CalendarOption {
  agentId: string;
  agentName: string;
}

export interface Slot {
  start: number;
  end: number;
}

export interface SlotList {
  agentId: string;
  agentName: string;
  lengthMinutes: number;
  slots: Slot[];
}

export type MeetingStatus = 'booked' | 'cancelled';

export interface MeetingDTO {
  id: string;
  agentId: string;
  agentName: string;
  start: number;
  end: number;
  status: MeetingStatus;
  conversationId: string | null;
  /** the visitor's name as they gave it (agents only; null for the visitor's own view) */
  visitorName: string | null;
  visitorEmail: string | null;
}

export interface MeetingConfirmation {
  meeting: MeetingDTO;
  /** an RFC 5545 calendar file of the meeting, for the visitor to download */
  ics: string;
}

/** Structured content of a message, shown by clients as a card; the body is its plain-text fallback. */
export type MessageCard =
  | { type: 'calendar'; agentId: string; agentName: string }
  | { type: 'meeting'; meetingId: string; agentId: string; agentName: string; start: number; end: number; status: MeetingStatus };
