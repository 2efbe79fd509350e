/**
 * One system notification per pending chat request, so an agent hears of it on any site with the side
 * panel closed. Chrome shows Accept / Decline buttons; Firefox has none (a click opens the sidebar).
 */
import { browser } from 'wxt/browser';
import type { ConversationDTO, OfferDTO } from '../../protocol/dto.ts';
import { browserLocale, translateAlert, type AlertKey } from '../../utils/alert-i18n.ts';
import type { CommandErrorCode, CommandResult } from '../../utils/messaging.ts';
import type { Focus } from '../../utils/storage.ts';
import { conversationIdOf } from './message-alerts.ts';

const PREFIX = 'offer:';

export function notificationIdFor(offerId: string): string {
  return PREFIX + offerId;
}

function offerIdOf(notificationId: string): string | null {
  return notificationId.startsWith(PREFIX) ? notificationId.slice(PREFIX.length) : null;
}

const FIRST_MESSAGE_SHOWN = 120;

/**
 * What an agent needs to decide from the notification alone: who, what they wrote first, and where they
 * are. Firefox shows no context line, so the page goes there only on Chrome.
 */
export function offerNotificationText(offer: OfferDTO, locale = browserLocale()): { message: string; contextMessage?: string } {
  const t = (key: Parameters<typeof translateAlert>[1], params?: Record<string, string>) => translateAlert(locale, key, params);
  const name = offer.conversation.visitor.name ?? t('visitor.anonymous');
  const said = offer.firstMessage?.trim();
  const quote = said ? `\n“${said.length > FIRST_MESSAGE_SHOWN ? `${said.slice(0, FIRST_MESSAGE_SHOWN - 1)}…` : said}”` : '';
  const page = offer.page ? (offer.page.title ?? offer.page.url) : null;
  const from = offer.transfer;
  // a transfer says who hands the chat over, and why, before who the visitor is
  const handed = from ? `${from.note ? t('notification.transferFromNote', { from: from.fromAgentName, note: from.note }) : t('notification.transferFrom', { from: from.fromAgentName })}\n` : '';
  return { message: handed + t('notification.message', { name }) + quote, ...(page ? { contextMessage: page } : {}) };
}

function showOffer(offer: OfferDTO): Promise<string> {
  const locale = browserLocale();
  const { message, contextMessage } = offerNotificationText(offer, locale);
  const base = {
    type: 'basic' as const,
    iconUrl: browser.runtime.getURL('/icon/128.png'),
    title: translateAlert(locale, offer.transfer ? 'notification.transferTitle' : 'notification.title'),
    message,
  };
  // Firefox rejects `buttons`, `requireInteraction` and `contextMessage`.
  const options = import.meta.env.BROWSER === 'firefox'
    ? base
    : {
        ...base,
        ...(contextMessage ? { contextMessage } : {}),
        requireInteraction: true,
        buttons: [{ title: translateAlert(locale, 'notification.accept') }, { title: translateAlert(locale, 'notification.decline') }],
      };
  return browser.notifications.create(notificationIdFor(offer.id), options);
}

/**
 * The visitor's first message came after the request: the notification on screen says it too, in place
 * (Chrome), without a second pop-up or chime. Firefox cannot update a notification; the panel shows it.
 */
export async function updateOfferNotification(offer: OfferDTO): Promise<void> {
  if (import.meta.env.BROWSER === 'firefox') return;
  const id = notificationIdFor(offer.id);
  if (!(id in (await browser.notifications.getAll()))) return;
  await browser.notifications.update(id, offerNotificationText(offer));
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

const FAILED_PREFIX = 'failed:';

/** Says why an answer from a notification did not go through: the panel may be closed. */
async function showAnswerFailure(offerId: string, accepting: boolean, error: CommandErrorCode): Promise<void> {
  const locale = browserLocale();
  const reason: AlertKey =
    error === 'offline' || error === 'timeout' ? 'notification.failedOffline'
    : error === 'offer_expired' ? 'notification.failedEnded'
    : 'notification.failedOther';
  await browser.notifications.create(FAILED_PREFIX + offerId, {
    type: 'basic',
    iconUrl: browser.runtime.getURL('/icon/128.png'),
    title: translateAlert(locale, accepting ? 'notification.acceptFailed' : 'notification.declineFailed'),
    message: translateAlert(locale, reason),
  });
}

export interface NotificationActions {
  /** Must open the panel synchronously: the click's user gesture ends at the first await. */
  openPanel(): void;
  /** Tells the panel what to bring to the front. */
  focus?(focus: Focus): Promise<unknown>;
  /** A click may be what started the worker: connect at once. */
  wake?(): void;
  /** Both wait for the connection if it is down (the worker may have just started). */
  accept(offerId: string): Promise<CommandResult<ConversationDTO>>;
  decline(offerId: string): Promise<CommandResult<null>>;
}

/**
 * Accept brings the panel up on the offer while it is answered, then on the accepted chat; a refusal
 * or a connection that did not come back in time is said in a notification, never dropped.
 */
async function answerOffer(actions: NotificationActions, offerId: string, accepting: boolean): Promise<void> {
  if (accepting) {
    await actions.focus?.({ kind: 'offer', offerId });
    const result = await actions.accept(offerId);
    if (result.ok) await actions.focus?.({ kind: 'conversation', conversationId: result.data.id });
    else await showAnswerFailure(offerId, true, result.error);
  } else {
    const result = await actions.decline(offerId);
    if (!result.ok && result.error !== 'offer_expired') await showAnswerFailure(offerId, false, result.error);
  }
}

export function listenToNotificationClicks(actions: NotificationActions): void {
  browser.notifications.onClicked.addListener((notificationId) => {
    const offerId = offerIdOf(notificationId);
    const conversationId = conversationIdOf(notificationId);
    if (offerId === null && conversationId === null) return;
    actions.openPanel();
    actions.wake?.();
    const focus: Focus = offerId !== null ? { kind: 'offer', offerId } : { kind: 'conversation', conversationId: conversationId! };
    void actions.focus?.(focus);
    if (conversationId !== null) void browser.notifications.clear(notificationId);
  });
  browser.notifications.onButtonClicked.addListener((notificationId, buttonIndex) => {
    const offerId = offerIdOf(notificationId);
    if (offerId === null) return;
    // first, before anything is awaited: opening the panel needs the click's user gesture
    if (buttonIndex === 0) actions.openPanel();
    actions.wake?.();
    answerOffer(actions, offerId, buttonIndex === 0).catch(console.error);
  });
}
