/**
 * The server's meeting facts: a booking in the agent's calendar raises a notification (the agent may be
 * anywhere in the browser), both it and a cancellation tell an open meetings list to reload, and a
 * visitor who identified themself updates their chat in the cache.
 */
import { browser } from 'wxt/browser';
import type { MeetingDTO } from '../../protocol/meetings.ts';
import { browserLocale, translateAlert } from '../../utils/alert-i18n.ts';
import { meetingsChangedItem } from '../../utils/storage.ts';
import { upsertConversations } from './cache.ts';
import type { SerialQueue } from './queue.ts';
import type { AgentSocket } from './socket.ts';

export const MEETING_NOTIFICATION_PREFIX = 'meeting:';

export function showMeetingBooked(meeting: MeetingDTO, now = Date.now()): Promise<string> {
  const locale = browserLocale();
  const when = new Intl.DateTimeFormat(locale, { dateStyle: 'full', timeStyle: 'short' }).format(meeting.start);
  const name = meeting.visitorName ?? meeting.visitorEmail ?? translateAlert(locale, 'visitor.anonymous');
  return browser.notifications.create(MEETING_NOTIFICATION_PREFIX + meeting.id, {
    type: 'basic',
    iconUrl: browser.runtime.getURL('/icon/128.png'),
    title: translateAlert(locale, 'meetings.notificationTitle'),
    message: translateAlert(locale, 'meetings.notificationMessage', { name, when }),
    eventTime: Math.max(meeting.start, now),
  });
}

/** A click on a booking notification opens the side panel (synchronously: the click's gesture ends at an await). */
export function listenToMeetingNotificationClicks(openPanel: () => void): void {
  browser.notifications.onClicked.addListener((notificationId) => {
    if (!notificationId.startsWith(MEETING_NOTIFICATION_PREFIX)) return;
    openPanel();
    void browser.notifications.clear(notificationId);
  });
}

export function bindMeetingEvents(socket: AgentSocket, { queue }: { queue: SerialQueue }): void {
  socket.on('meeting:booked', (meeting) =>
    queue.push(async () => {
      await meetingsChangedItem.setValue(Date.now());
      await showMeetingBooked(meeting);
    }),
  );
  socket.on('meeting:cancelled', (meeting) =>
    queue.push(async () => {
      await meetingsChangedItem.setValue(Date.now());
      await browser.notifications.clear(MEETING_NOTIFICATION_PREFIX + meeting.id);
    }),
  );
  socket.on('visitor:updated', (conversation) => queue.push(() => upsertConversations([conversation])));
}
