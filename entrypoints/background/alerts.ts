import { db } from '../../utils/db.ts';
import { showBadgeCount } from './badge.ts';
import { syncOfferNotifications } from './notifications.ts';
import { syncOfferReminder } from './reminders.ts';
import { playOfferSound } from './sound.ts';

/** Active chats with messages the agent has not seen yet. */
export function countUnreadChats(): Promise<number> {
  return db.conversations
    .where('status')
    .equals('active')
    .filter((c) => c.lastSeq > (c.readSeq ?? 0))
    .count();
}

/**
 * Brings the badge, the offer notifications and the reminder in line with the cache; a newly shown
 * offer also sounds the chime.
 */
export async function refreshOfferAlerts(): Promise<void> {
  const offers = await db.offers.orderBy('expiresAt').toArray();
  const unread = await countUnreadChats();
  const [, fresh] = await Promise.all([
    showBadgeCount(offers.length + unread),
    syncOfferNotifications(offers),
    syncOfferReminder(offers.length > 0),
  ]);
  if (fresh > 0) await playOfferSound();
}
