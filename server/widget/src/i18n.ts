/**
 * Every visitor-facing string, keyed by id, in the six languages of SPEC R20 (one table per language in
 * `locales/`), picked from the browser's language list. English is built into widget.js; the other
 * tables are served beside it as JSON (`/widget/locales/<locale>.json`) and fetched for the one
 * language the visitor reads, so widget.js does not carry five languages nobody on the page uses.
 */
import type { ErrorCode } from '../../../protocol/ack.ts';
import type { Locale } from '../../../protocol/locales.ts';
import { noticeText, type MessageNotice, type NoticeText } from '../../../protocol/notices.ts';
import { en, type MessageId, type MessageTable } from './locales/en.ts';

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

export type Translate = (id: MessageId, params?: Record<string, string | number>) => string;

/** Where a language's table is served, beside widget.js. */
export function localeTableUrl(server: string, locale: Locale): string {
  return `${server}/widget/locales/${locale}.json`;
}

/**
 * The table of `locale` from the server: only string values under known ids are kept (English fills
 * the rest); anything else, or no answer, gives no table and the widget speaks English.
 */
export async function fetchLocaleTable(
  fetchFn: (url: string) => Promise<{ ok: boolean; json(): Promise<unknown> }>,
  server: string,
  locale: Locale,
): Promise<Partial<MessageTable> | undefined> {
  if (locale === 'en') return en;
  try {
    const response = await fetchFn(localeTableUrl(server, locale));
    if (!response.ok) return undefined;
    const body = await response.json();
    if (!body || typeof body !== 'object') return undefined;
    const table: Partial<MessageTable> = {};
    for (const id of Object.keys(en) as MessageId[]) {
      const text = (body as Record<string, unknown>)[id];
      if (typeof text === 'string') table[id] = text;
    }
    return table;
  } catch {
    return undefined;
  }
}

/** Texts from `table` (English's when missing or not given). */
export function createTranslator(table: Partial<MessageTable> = en): Translate {
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
