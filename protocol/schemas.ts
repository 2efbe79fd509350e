/**
 * zod schemas for every inbound payload. Types of inbound payloads are inferred from these.
 */
import { z } from 'zod';
import { LIMITS } from './limits.ts';
import { LOCALES } from './locales.ts';

const id = z.string().min(1).max(64);
const clientId = z.string().min(1).max(LIMITS.clientId).regex(/^[A-Za-z0-9_-]+$/);
/** A page address an agent may open: http(s) only, never `javascript:` or `data:`. */
export const webUrl = z.url({ protocol: /^https?$/ }).max(2000);
const body = z
  .string()
  .max(LIMITS.messageBody)
  .refine((s) => s.trim().length > 0, { message: 'empty' });

export const loginSchema = z.strictObject({
  email: z.email().max(LIMITS.email),
  password: z.string().min(1).max(LIMITS.password.max),
});

const tokenString = z.string().min(1).max(200);

export const refreshSchema = z.strictObject({ refreshToken: tokenString });

/** Sign-out names its sign-in by the refresh token (the access token may have expired), or by a bearer access token. */
export const logoutSchema = z.strictObject({ refreshToken: tokenString.optional() });

/** `POST /api/visitor/session`: the token the widget kept from an earlier page load, if any. */
export const visitorSessionSchema = z.strictObject({
  token: z.string().min(1).max(200).optional(),
});

// ----- /agent namespace -----
export const syncPullSchema = z.strictObject({
  /** conversation id → the highest sequence number the client already has */
  cursors: z.record(id, z.number().int().min(0)).refine((r) => Object.keys(r).length <= 500, {
    message: 'too many cursors',
  }),
});
export const availabilitySetSchema = z.strictObject({ available: z.boolean() });
export const offerRefSchema = z.strictObject({ offerId: id });
export const messageSendSchema = z.strictObject({ conversationId: id, clientId, body });
export const conversationRefSchema = z.strictObject({ conversationId: id });
/** A no-op the extension sends every 20 s: Chrome keeps a worker alive only while its WebSocket carries traffic. */
export const presencePingSchema = z.strictObject({});

// ----- /visitor namespace -----
export const chatStartSchema = z.strictObject({
  name: z.string().trim().min(1).max(LIMITS.name),
  email: z.email().max(LIMITS.email),
  /** the address of the page the chat starts from (an agent may open it: web addresses only) */
  pageUrl: webUrl.optional(),
  /** which site's routing strategy applies (the widget's data-site); absent = the default site */
  siteKey: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/).optional(),
  /** the widget's language: the fallback message is told in it; absent = English */
  locale: z.enum(LOCALES).optional(),
});
export const visitorSyncSchema = z.strictObject({
  conversationId: id,
  afterSeq: z.number().int().min(0),
});

export type LoginInput = z.infer<typeof loginSchema>;
export type VisitorSessionInput = z.infer<typeof visitorSessionSchema>;
export type SyncPullInput = z.infer<typeof syncPullSchema>;
export type AvailabilitySetInput = z.infer<typeof availabilitySetSchema>;
export type OfferRefInput = z.infer<typeof offerRefSchema>;
export type MessageSendInput = z.infer<typeof messageSendSchema>;
export type ConversationRefInput = z.infer<typeof conversationRefSchema>;
export type PresencePingInput = z.infer<typeof presencePingSchema>;
export type ChatStartInput = z.infer<typeof chatStartSchema>;
export type VisitorSyncInput = z.infer<typeof visitorSyncSchema>;
