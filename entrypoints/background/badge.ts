import { browser } from 'wxt/browser';

const BADGE_COLOR = '#d93025';

/** The toolbar badge counts the chat requests waiting for an answer. */
export async function showPendingOffers(count: number): Promise<void> {
  await browser.action.setBadgeBackgroundColor({ color: BADGE_COLOR });
  await browser.action.setBadgeText({ text: count > 0 ? String(count) : '' });
}
