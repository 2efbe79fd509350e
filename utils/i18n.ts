/**
 * UI text, one table per language. Only English exists so far; German, Swedish, Dutch, Spanish and
 * French get their own table of the same keys (typed as Messages, so none can be missing).
 */
const en = {
  'app.loading': 'Loading…',
  'app.title': 'Switchboard',

  'signIn.title': 'Sign in to Switchboard',
  'signIn.server': 'Server address',
  'signIn.email': 'Email',
  'signIn.password': 'Password',
  'signIn.submit': 'Sign in',
  'signIn.submitting': 'Signing in…',
  'signIn.error.unauthorized': 'Wrong email or password.',
  'signIn.error.invalid_payload': 'Enter a valid server address (http:// or https://), email and password.',
  'signIn.error.rate_limited': 'Too many attempts. Wait a minute and try again.',
  'signIn.error.network': 'Cannot reach a Switchboard server at that address.',
  'signIn.error.other': 'Sign-in failed. Please try again.',

  'error.invalid_payload': 'The server did not accept that. Please check what you entered.',
  'error.payload_too_large': 'That is too long to send.',
  'error.unauthorized': 'Your session has expired. Please sign in again.',
  'error.forbidden': 'You are not allowed to do that.',
  'error.not_found': 'That no longer exists.',
  'error.offer_expired': 'This chat request is no longer available.',
  'error.capacity_reached': 'You already hold the maximum number of chats.',
  'error.conversation_ended': 'This chat has ended.',
  'error.conflict': 'Something changed in the meantime. Please try again.',
  'error.rate_limited': 'Too many actions in a short time. Wait a moment.',
  'error.internal': 'Something went wrong on the server.',
  'error.offline': 'You are offline. Try again when the connection is back.',
  'error.timeout': 'The server did not answer. Please try again.',
  'error.network': 'Cannot reach the server.',
  'notice.dismiss': 'Dismiss',

  'header.availability': 'Available for chats',
  'header.available': 'Available',
  'header.unavailable': 'Unavailable',
  'header.signOut': 'Sign out',
  'connection.offline': 'Offline. Reconnecting when possible…',
  'connection.connecting': 'Connecting…',
  'connection.syncing': 'Catching up…',

  'offer.label': 'Chat request',
  'offer.wantsToChat': 'wants to chat',
  'offer.countdown': '{seconds} s left',
  'offer.accept': 'Accept',
  'offer.decline': 'Decline',

  'list.title': 'Active conversations',
  'list.empty': 'No active conversations. Chats you accept appear here.',

  'conversation.none': 'Select a conversation to start chatting.',
  'conversation.back': 'Conversations',
  'conversation.sending': 'Sending…',
  'conversation.ended': 'This chat has ended.',
  'conversation.noMessages': 'No messages yet.',
  'conversation.author.visitor': 'Visitor',
  'conversation.author.agent': 'You',
  'conversation.author.system': 'Switchboard',

  'composer.label': 'Message',
  'composer.placeholder': 'Write a message. Enter sends, Shift+Enter adds a line.',
  'composer.send': 'Send',

  'visitor.title': 'Visitor',
  'visitor.anonymous': 'Anonymous visitor',
  'visitor.name': 'Name',
  'visitor.jobTitle': 'Job title',
  'visitor.email': 'Email',
  'visitor.phone': 'Phone',
  'visitor.crmStatus': 'CRM status',
  'visitor.endSession': 'End session',

  'notification.title': 'New chat request',
  'notification.message': '{name} wants to chat',
  'notification.accept': 'Accept',
  'notification.decline': 'Decline',
} as const;

export type MessageKey = keyof typeof en;
export type Messages = Record<MessageKey, string>;

export const LOCALES = ['en', 'de', 'sv', 'nl', 'es', 'fr'] as const;
export type Locale = (typeof LOCALES)[number];

const TABLES: Partial<Record<Locale, Messages>> = { en };

/** The first of the browser's preferred languages that has a table; English otherwise. */
export function pickLocale(preferred: readonly string[]): Locale {
  for (const tag of preferred) {
    const base = tag.toLowerCase().split('-')[0];
    const locale = LOCALES.find((l) => l === base);
    if (locale && TABLES[locale]) return locale;
  }
  return 'en';
}

export function browserLocale(): Locale {
  return pickLocale(globalThis.navigator?.languages ?? []);
}

export function translate(locale: Locale, key: MessageKey, params: Record<string, string | number> = {}): string {
  const text = TABLES[locale]?.[key] ?? en[key];
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}
