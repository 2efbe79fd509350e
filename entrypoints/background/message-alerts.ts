/**
 * New visitor messages in a chat the agent is not looking at raise a notification (a setting), one per
 * chat, replaced by the newest message and cleared once the chat is read.
 */
import { browser } from 'wxt/browser';
import type { MessageDTO } from '../../protocol/dto.ts';
import { db } from '../../utils/db.ts';
import { browserLocale, translateAlert } from '../../utils/alert-i18n.ts';
import { alertSettingsItem, onScreenItem } from '../../utils/storage.ts';

const PREFIX = 'message:';
const PREVIEW_CHARS = 140;

export const messageNotificationId = (conversationId: string) => PREFIX + conversationId;

export function conversationIdOf(notificationId: string): string | null {
  return notificationId.startsWith(PREFIX) ? notificationId.slice(PREFIX.length) : null;
}

/** Notifies about the newest visitor message of each chat in the batch that is not on screen. */
export async function notifyNewMessages(messages: readonly MessageDTO[]): Promise<number> {
  if (!(await alertSettingsItem.getValue()).messageNotifications) return 0;
  const onScreen = await onScreenItem.getValue();
  const newest = new Map<string, MessageDTO>();
  for (const m of messages) if (m.author === 'visitor' && m.conversationId !== onScreen) newest.set(m.conversationId, m);
  const locale = browserLocale();
  let shown = 0;
  for (const message of newest.values()) {
    const conversation = await db.conversations.get(message.conversationId);
    if (conversation?.status !== 'active' || message.seq <= (conversation.readSeq ?? 0)) continue;
    const name = conversation.visitor.name ?? translateAlert(locale, 'visitor.anonymous');
    await browser.notifications.create(messageNotificationId(message.conversationId), {
      type: 'basic',
      iconUrl: browser.runtime.getURL('/icon/128.png'),
      title: translateAlert(locale, 'notification.messageTitle', { name }),
      message: message.body.slice(0, PREVIEW_CHARS),
    });
    shown += 1;
  }
  return shown;
}

export async function clearMessageNotification(conversationId: string): Promise<void> {
  await browser.notifications.clear(messageNotificationId(conversationId));
}
