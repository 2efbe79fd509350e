/** Lines the service writes into chats: stored with their notice, for each client to word, and an English body for the rest. */
import { noticeText, type MessageNotice, type NoticeText } from '../../protocol/notices.ts';
import { appendSystemMessage } from '../db/messages.ts';
import type { Db } from '../db/schema.ts';

/** The body: what clients without notices show, and what rows from before notices said. */
const ENGLISH: Record<NoticeText, string> = {
  agentJoined: '{name} joined the chat',
  endedByVisitor: 'Chat ended by the visitor',
  endedByAgent: 'Chat ended by {name}',
  idleEnded: 'Chat ended after {minutes} minutes without activity',
  idleEndedMinute: 'Chat ended after 1 minute without activity',
  idleEndedShort: 'Chat ended after a while without activity',
  agentUnavailable: '{name} is no longer available. Connecting you with another agent…',
  agentTransferred: 'You are now chatting with {name}',
};

export function englishNotice(notice: MessageNotice): string {
  const said = noticeText(notice);
  if (!said) throw new Error(`no English text for the notice ${JSON.stringify(notice)}`);
  const { text, params } = said;
  return ENGLISH[text].replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** Stores the notice as a system message of the conversation. Must run inside a transaction. */
export function appendNotice(trx: Db, conversationId: string, notice: MessageNotice, now: number) {
  return appendSystemMessage(trx, conversationId, englishNotice(notice), now, notice);
}
