/**
 * An unanswered chat request reminds the agent again until it is answered or expires. An alarm, not a
 * timer: Chrome may stop the worker between reminders, and an alarm wakes it.
 */
import { browser } from 'wxt/browser';
import { db } from '../../utils/db.ts';
import { serverNow } from './clock.ts';
import { remindOffer } from './notifications.ts';
import { playOfferSound } from './sound.ts';

export const REMINDER_ALARM = 'offer-reminder';
/** Chrome's shortest alarm period (30 s): reminds about a 45 s offer once before it expires. */
const REMINDER_PERIOD_MINUTES = 0.5;

export async function syncOfferReminder(pending: boolean): Promise<void> {
  const existing = await browser.alarms.get(REMINDER_ALARM);
  if (pending && !existing) await browser.alarms.create(REMINDER_ALARM, { periodInMinutes: REMINDER_PERIOD_MINUTES });
  if (!pending && existing) await browser.alarms.clear(REMINDER_ALARM);
}

/** Pops every still-pending offer's notification again, with the sound. Deadlines are server times. */
export async function remindPendingOffers(now?: number): Promise<number> {
  const at = now ?? (await serverNow());
  const offers = (await db.offers.toArray()).filter((offer) => offer.expiresAt > at);
  await Promise.all(offers.map(remindOffer));
  if (offers.length) await playOfferSound();
  return offers.length;
}

export function listenToReminders(): void {
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === REMINDER_ALARM) remindPendingOffers().catch(console.error);
  });
}
