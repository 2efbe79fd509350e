/**
 * Every visitor-facing string, keyed by id. English only for now; the other languages of SPEC R20
 * slot in as further tables of the same shape and are picked from the browser's language list.
 */
import type { ErrorCode } from '../../../protocol/ack.ts';

const en = {
  launcherOpen: 'Chat with us',
  launcherClose: 'Close chat',
  panelTitle: 'Chat with us',
  intro: 'Tell us who you are and we will connect you with our team.',
  nameLabel: 'Your name',
  emailLabel: 'Your email',
  start: 'Start chat',
  starting: 'Starting…',
  loading: 'Loading your chat…',
  unavailable: 'The chat is unavailable right now. Retrying…',
  reconnecting: 'Reconnecting…',
  offline: 'You are offline. Please try again in a moment.',
  nameRequired: 'Please enter your name.',
  nameTooLong: 'Please use at most {max} characters.',
  emailRequired: 'Please enter your email address.',
  emailInvalid: 'Please enter a valid email address.',
  statusWaiting: 'Connecting you to an agent…',
  statusActive: 'You are chatting with {agent}',
  statusActiveUnnamed: 'You are chatting with an agent',
  statusMissed: 'Nobody is available right now',
  statusEnded: 'This chat has ended',
  messagesLabel: 'Chat messages',
  messageLabel: 'Your message',
  messagePlaceholder: 'Type a message…',
  send: 'Send',
  end: 'End chat',
  newChat: 'Start a new chat',
  authorYou: 'You',
  authorAgent: 'Agent',
  pending: 'Sending…',
  failed: 'Not sent',
  messageTooLong: 'Messages can be at most {max} characters long.',
  timeout: 'No answer from the chat server. We will retry.',
  errorInvalid: 'That could not be sent. Please check it and try again.',
  errorTooLarge: 'That message is too long to send.',
  errorSession: 'Your chat session has expired. Reconnecting…',
  errorGone: 'This chat is no longer available.',
  errorChanged: 'Something changed in the meantime. Please try again.',
  errorEnded: 'This chat has ended, so the message was not sent.',
  errorRateLimited: 'Too many messages at once. We will send them in a moment.',
  errorInternal: 'Something went wrong on our side. We will retry.',
} as const;

export type MessageId = keyof typeof en;
export type MessageTable = Record<MessageId, string>;

/** What the visitor is told for each ack error; typed so that a new error code needs a wording here. */
export const ERROR_MESSAGES: Record<ErrorCode, MessageId> = {
  invalid_payload: 'errorInvalid',
  payload_too_large: 'errorTooLarge',
  unauthorized: 'errorSession',
  forbidden: 'errorGone',
  not_found: 'errorGone',
  offer_expired: 'errorChanged',
  capacity_reached: 'errorChanged',
  conversation_ended: 'errorEnded',
  conflict: 'errorChanged',
  rate_limited: 'errorRateLimited',
  internal: 'errorInternal',
};

export const LOCALES = ['en', 'de', 'sv', 'nl', 'es', 'fr'] as const;
export type Locale = (typeof LOCALES)[number];

const tables: Partial<Record<Locale, MessageTable>> = { en };

/** The first of the browser's preferred languages that has a table; English otherwise. */
export function pickLocale(languages: readonly string[]): Locale {
  for (const tag of languages) {
    const base = tag.toLowerCase().split('-')[0];
    const locale = LOCALES.find((l) => l === base);
    if (locale && tables[locale]) return locale;
  }
  return 'en';
}

export type Translate = (id: MessageId, params?: Record<string, string | number>) => string;

export function createTranslator(locale: Locale): Translate {
  const table = tables[locale] ?? en;
  return (id, params) =>
    (table[id] ?? en[id]).replace(/\{(\w+)\}/g, (whole, name: string) =>
      params && name in params ? String(params[name]) : whole,
    );
}
