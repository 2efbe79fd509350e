/**
 * One system notification per pending chat request, so an agent hears of it on any site with the side
 * panel closed. Chrome shows Accept / Decline buttons; Firefox has none (a click opens the sidebar).
 */
import { browser } from 'wxt/browser';
import type { OfferDTO } from '../../protocol/dto.ts';
import { browserLocale, translateAlert } from '../../utils/alert-i18n.ts';
import type { Focus } from '../../utils/storage.ts';
import { conversationIdOf } from './message-alerts.ts';

const PREFIX = 'offer:';

export function notificationIdFor(offerId: string): string {
  return PREFIX + offerId;
}

function offerIdOf(notificationId: string): string | null {
  return notificationId.startsWith(PREFIX) ? notificationId.slice(PREFIX.length) : null;
}

function showOffer(offer: OfferDTO): Promise<string> {
  const locale = browserLocale();
  const t = (key: Parameters<typeof translateAlert>[1], params?: Record<string, string>) => translateAlert(locale, key, params);
  const name = offer.conversation.visitor.name ?? t('visitor.anonymous');
  const base = {
    type: 'basic' as const,
    iconUrl: browser.runtime.getURL('/icon/128.png'),
    title: t('notification.title'),
    message: t('notification.message', { name }),
  };
  // Firefox rejects `buttons` and `requireInteraction`.
  const options = import.meta.env.BROWSER === 'firefox'
    ? base
    : {
        ...base,
        requireInteraction: true,
        buttons: [{ title: t('notification.accept') }, { title: t('notification.decline') }],
      };
  return browser.notifications.create(notificationIdFor(offer.id), options);
}

/**
 * Makes the visible notifications match the pending offers: new ones appear, ended ones go. Answers how
 * many appeared, so the caller can sound the chime for them.
 */
export async function syncOfferNotifications(offers: OfferDTO[]): Promise<number> {
  const shown = new Set(Object.keys(await browser.notifications.getAll()).filter((id) => offerIdOf(id) !== null));
  const wanted = new Set(offers.map((o) => notificationIdFor(o.id)));
  const fresh = offers.filter((o) => !shown.has(notificationIdFor(o.id)));
  await Promise.all([
    ...[...shown].filter((id) => !wanted.has(id)).map((id) => browser.notifications.clear(id)),
    ...fresh.map(showOffer),
  ]);
  return fresh.length;
}

/** Shows an offer's notification anew, so a reminder pops up even where the first one was dismissed. */
export async function remindOffer(offer: OfferDTO): Promise<void> {
  await browser.notifications.clear(notificationIdFor(offer.id));
  await showOffer(offer);
}

export interface NotificationActions {
  /** Must open the panel synchronously: the click's user gesture ends at the first await. */
  openPanel(): void;
  /** Tells the panel what to bring to the front. */
  focus?(focus: Focus): Promise<unknown>;
  accept(offerId: string): Promise<unknown>;
  decline(offerId: string): Promise<unknown>;
}

export function listenToNotificationClicks(actions: NotificationActions): void {
  browser.notifications.onClicked.addListener((notificationId) => {
    const offerId = offerIdOf(notificationId);
    const conversationId = conversationIdOf(notificationId);
    if (offerId === null && conversationId === null) return;
    actions.openPanel();
    const focus: Focus = offerId !== null ? { kind: 'offer', offerId } : { kind: 'conversation', conversationId: conversationId! };
    void actions.focus?.(focus);
    if (conversationId !== null) void browser.notifications.clear(notificationId);
  });
  browser.notifications.onButtonClicked.addListener((notificationId, buttonIndex) => {
    const offerId = offerIdOf(notificationId);
    if (offerId === null) return;
    if (buttonIndex === 0) {
      actions.openPanel();
      void actions.accept(offerId);
    } else {
      void actions.decline(offerId);
    }
  });
}
