/**
 * A message as text in the agent's language: a line the service wrote is worded from its notice, a
 * card by its title; only what a person wrote, and rows from before notices, show their body.
 */
import type { MessageDTO } from '../protocol/dto.ts';
import type { MessageCard } from '../protocol/meetings.ts';
import { noticeText, type MessageNotice } from '../protocol/notices.ts';
import { translate, type Locale } from './i18n.ts';

/** The message's notice worded from the table; its body when it has none, or one this build does not know. */
export function noticeLine(locale: Locale, message: { body: string; notice?: MessageNotice }): string {
  const said = message.notice && noticeText(message.notice);
  return said ? translate(locale, `conversation.notice.${said.text}`, said.params) : message.body;
}

export function cardTitle(locale: Locale, card: MessageCard): string {
  if (card.type === 'calendar') return translate(locale, 'card.calendar', { name: card.agentName });
  return translate(locale, card.status === 'booked' ? 'card.meetingBooked' : 'card.meetingCancelled', { name: card.agentName });
}

export function messageText(locale: Locale, message: Pick<MessageDTO, 'body' | 'card' | 'notice'>): string {
  return message.card ? cardTitle(locale, message.card) : noticeLine(locale, message);
}
