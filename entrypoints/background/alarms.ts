import { browser } from 'wxt/browser';

const KEEPALIVE = 'keepalive';
/**
 * The shortest period Chrome allows an installed extension: 30 s from Chrome 120 on (hence
 * minimum_chrome_version 120). A worker Chrome stopped is back within this, even when nothing else
 * happens in the browser.
 */
export const KEEPALIVE_PERIOD_MINUTES = 0.5;

/**
 * The safety net for a worker Chrome stopped: the alarm wakes it (or reaches it) and the connection is
 * checked. The listener is registered on every start; the alarm itself exists only while signed in.
 */
export function listenToKeepAlive(check: () => Promise<void>): void {
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === KEEPALIVE) check().catch(console.error);
  });
}

/** Idempotent: an existing alarm keeps its phase (recreating it would postpone the next wake-up). */
export async function startKeepAlive(): Promise<void> {
  if (await browser.alarms.get(KEEPALIVE)) return;
  await browser.alarms.create(KEEPALIVE, { periodInMinutes: KEEPALIVE_PERIOD_MINUTES });
}

export async function stopKeepAlive(): Promise<void> {
  await browser.alarms.clear(KEEPALIVE);
}
