/**
 * Every visitor-facing string, keyed by id, in the six languages of SPEC R20 (one table per language in
 * `locales/`), picked from the browser's language list.
 */
import type { ErrorCode } from '../../../protocol/ack.ts';
import type { Locale } from '../../../protocol/locales.ts';
import { noticeText, type MessageNotice, type NoticeText } from '../../../protocol/notices.ts';
import { de } from './locales/de.ts';
import { en, type MessageId, type MessageTable } from './locales/en.ts';
import { es } from './locales/es.ts';
import { fr } from './locales/fr.ts';
import { nl } from './locales/nl.ts';
import { sv } from './locales/sv.ts';

export type { MessageId, MessageTable };

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
  unreachable: 'errorChanged',
  rate_limited: 'errorRateLimited',
  internal: 'errorInternal',
};

/** The widget's wording of each notice text; typed so that a new notice needs a wording here. */
const NOTICE_MESSAGES: Record<NoticeText, MessageId> = {
  agentJoined: 'noticeAgentJoined',
  endedByVisitor: 'noticeEndedByVisitor',
  endedByAgent: 'noticeEndedByAgent',
  idleEnded: 'noticeIdleEnded',
  idleEndedMinute: 'noticeIdleEndedMinute',
  idleEndedShort: 'noticeIdleEndedShort',
  agentUnavailable: 'noticeAgentUnavailable',
  agentTransferred: 'noticeAgentTransferred',
};

export { LOCALES, pickLocale, type Locale } from '../../../protocol/locales.ts';

const tables: Record<Locale, MessageTable> = { en, de, sv, nl, es, fr };

export type Translate = (id: MessageId, params?: Record<string, string | number>) => string;

export function createTranslator(locale: Locale): Translate {
  const table = tables[locale];
  return (id, params) =>
    (table[id] || en[id]).replace(/\{(\w+)\}/g, (whole, name: string) =>
      params && name in params ? String(params[name]) : whole,
    );
}

/** A line's notice in the visitor's language; its body when it has none, or one this build does not know. */
export function noticeLine(t: Translate, line: { body: string; notice?: MessageNotice }): string {
  const said = line.notice && noticeText(line.notice);
  return said ? t(NOTICE_MESSAGES[said.text], said.params) : line.body;
}
