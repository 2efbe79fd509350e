/**
 * A message as text in the agent's language: a line the service wrote is worded from its notice, a
 * card by its title; only what a person wrote, and rows from before notices, show their body.
 */
import type { MessageDTO } from '../protocol/dto.ts';
import type { MessageCard } from '../protocol/meetings.ts';
import { noticeText, type MessageNotice } from '../protocol/notices.ts';
import { translate, type Locale } from './i18n.ts';

export function noticeLine(locale: Locale, notice: MessageNotice): string {
  const { text, params } = noticeText(notice);
  return translate(locale, `conversation.notice.${text}`, params);
}

export function cardTitle(locale: Locale, card: MessageCard): string {
  if (card.type === 'calendar') return translate(locale, 'card.calendar', { name: card.agentName });
  return translate(locale, card.status === 'booked' ? 'card.meetingBooked' : 'card.meetingCancelled', { name: card.agentName });
}

export function messageText(locale: Locale, message: Pick<MessageDTO, 'body' | 'card' | 'notice'>): string {
  if (message.notice) return noticeLine(locale, message.notice);
  if (message.card) return cardTitle(locale, message.card);
  return message.body;
}
