import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import {
  KEEPALIVE_ALARMS,
  KEEPALIVE_PERIOD_MINUTES,
  listenToKeepAlive,
  startKeepAlive,
  stopKeepAlive,
} from '../../../entrypoints/background/alarms.ts';

const PERIOD_MS = KEEPALIVE_PERIOD_MINUTES * 60_000;
const NOW = Date.UTC(2026, 11, 2, 10, 0, 0);

async function scheduledTimes(): Promise<number[]> {
  const alarms = await Promise.all(KEEPALIVE_ALARMS.map((name) => fakeBrowser.alarms.get(name)));
  return alarms.map((a) => a!.scheduledTime);
}

describe('wake-up alarms', () => {
  beforeEach(() => fakeBrowser.reset());

  it('are four alarms of the 30 s minimum period, a quarter period apart, none sooner than Chrome’s minimum delay', async () => {
    await startKeepAlive(NOW);
    const alarms = await Promise.all(KEEPALIVE_ALARMS.map((name) => fakeBrowser.alarms.get(name)));
    for (const alarm of alarms) expect(alarm).toMatchObject({ periodInMinutes: 0.5 });
    expect(await scheduledTimes()).toEqual([0, 7_500, 15_000, 22_500].map((offset) => NOW + PERIOD_MS + offset));
  });

  it('leave the worker at most 7.5 s without a wake-up', async () => {
    await startKeepAlive(NOW);
    const firings = (await scheduledTimes()).flatMap((first) => [first, first + PERIOD_MS, first + 2 * PERIOD_MS]).sort((a, b) => a - b);
    const gaps = firings.slice(1).map((t, i) => t - firings[i]!);
    expect(Math.max(...gaps)).toBe(7_500);
  });

  it('starting again keeps the alarms that exist and puts a missing one back in its phase', async () => {
    await startKeepAlive(NOW);
    const before = await scheduledTimes();
    await fakeBrowser.alarms.clear(KEEPALIVE_ALARMS[2]!);
    await startKeepAlive(NOW + 20_000);
    const after = await scheduledTimes();
    expect(after[0]).toBe(before[0]);
    expect(after[1]).toBe(before[1]);
    expect(after[3]).toBe(before[3]);
    // same phase (a multiple of the period away), and at least the minimum delay from the new now
    expect((after[2]! - before[2]!) % PERIOD_MS).toBe(0);
    expect(after[2]).toBeGreaterThanOrEqual(NOW + 20_000 + PERIOD_MS);
  });

  it('each of them runs the connection check, and other alarms do not', async () => {
    const check = vi.fn(async () => {});
    listenToKeepAlive(check);
    for (const name of [...KEEPALIVE_ALARMS, 'offer-reminder']) {
      await fakeBrowser.alarms.onAlarm.trigger({ name, scheduledTime: NOW, periodInMinutes: 0.5, persistAcrossSessions: true });
    }
    expect(check).toHaveBeenCalledTimes(KEEPALIVE_ALARMS.length);
  });

  it('stop removes every one of them', async () => {
    await startKeepAlive(NOW);
    await stopKeepAlive();
    expect(await fakeBrowser.alarms.getAll()).toEqual([]);
  });
});
