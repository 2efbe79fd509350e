import { browser } from 'wxt/browser';

/**
 * The shortest period Chrome allows an installed extension's alarm: 30 s from Chrome 120 on (hence
 * minimum_chrome_version 120).
 */
export const KEEPALIVE_PERIOD_MINUTES = 0.5;
/**
 * A worker Chrome stopped starts again only on an event. One alarm at the shortest period would leave
 * a visitor waiting up to 30 s for the agent's notification; four alarms of that period, a quarter of
 * it apart, wake the worker every 7.5 s. Each alarm alone keeps to Chrome's minimum; while the worker
 * runs, a wake-up is one look at the socket.
 */
export const KEEPALIVE_PHASES = 4;
const PERIOD_MS = KEEPALIVE_PERIOD_MINUTES * 60_000;
const PREFIX = 'keepalive';

/** `keepalive`, `keepalive:1`, `keepalive:2`, `keepalive:3` */
export const KEEPALIVE_ALARMS: readonly string[] = Array.from({ length: KEEPALIVE_PHASES }, (_, i) =>
  i === 0 ? PREFIX : `${PREFIX}:${i}`,
);

/**
 * The safety net for a worker Chrome stopped: an alarm wakes it (or reaches it) and the connection is
 * checked. The listener is registered on every start; the alarms themselves exist only while signed in.
 */
export function listenToKeepAlive(check: () => Promise<void>): void {
  browser.alarms.onAlarm.addListener((alarm) => {
    if (KEEPALIVE_ALARMS.includes(alarm.name)) check().catch(console.error);
  });
}

/**
 * Idempotent: existing alarms keep their phase (recreating one would postpone the next wake-up). A
 * missing one is placed a quarter period after the one before it; the first fires one period from now,
 * never sooner than Chrome's minimum delay.
 */
export async function startKeepAlive(now = Date.now()): Promise<void> {
  const existing = await Promise.all(KEEPALIVE_ALARMS.map((name) => browser.alarms.get(name)));
  if (existing.every(Boolean)) return;
  const anchor = existing[0]?.scheduledTime ?? now + PERIOD_MS;
  await Promise.all(
    KEEPALIVE_ALARMS.map((name, i) => {
      if (existing[i]) return undefined;
      let when = anchor + (i * PERIOD_MS) / KEEPALIVE_PHASES;
      // keep the first firing at least the minimum delay away, preserving the phase
      while (when < now + PERIOD_MS) when += PERIOD_MS;
      return browser.alarms.create(name, { when, periodInMinutes: KEEPALIVE_PERIOD_MINUTES });
    }),
  );
}

export async function stopKeepAlive(): Promise<void> {
  await Promise.all(KEEPALIVE_ALARMS.map((name) => browser.alarms.clear(name)));
}
