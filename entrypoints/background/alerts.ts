import { db } from '../../utils/db.ts';
import { showPendingOffers } from './badge.ts';
import { syncOfferNotifications } from './notifications.ts';

/** Brings the badge and the notifications in line with the offers in the cache. */
export async function refreshOfferAlerts(): Promise<void> {
  const offers = await db.offers.orderBy('expiresAt').toArray();
  await Promise.all([showPendingOffers(offers.length), syncOfferNotifications(offers)]);
}
