import { browser } from 'wxt/browser';

const BADGE_COLOR = '#d93025';

/** The toolbar badge counts what waits for the agent: chat requests plus chats with unread messages. */
export async function showBadgeCount(count: number): Promise<void> {
  await browser.action.setBadgeBackgroundColor({ color: BADGE_COLOR });
  await browser.action.setBadgeText({ text: count > 0 ? String(count) : '' });
}
