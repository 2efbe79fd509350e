import { browser } from 'wxt/browser';

const KEEPALIVE = 'keepalive';

/**
 * The safety net for a worker Chrome stopped: once a minute the alarm wakes it (or reaches it) and the
 * connection is checked.
 */
export function scheduleKeepAlive(check: () => Promise<void>): void {
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === KEEPALIVE) check().catch(console.error);
  });
  browser.alarms.create(KEEPALIVE, { periodInMinutes: 1 }).catch(console.error);
}
