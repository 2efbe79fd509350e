import { describe, expect, it } from 'vitest';
import { createMemoryCounters, type Budget } from '../../server/services/rate-limit.ts';

const HOUR: Budget = { name: 'test-hour', max: 10, windowMs: 60 * 60_000 };

/** A clock that stands still unless moved, and counts how often it is read (each window visited reads it). */
function countingClock() {
  return {
    time: 1_000_000,
    reads: 0,
    now() {
      this.reads++;
      return this.time;
    },
  };
}

describe('budgets kept in memory', () => {
  it('counts each key in its own window and starts a new one when the window is over', async () => {
    const clock = countingClock();
    const counters = createMemoryCounters(clock);
    expect(await counters.add(HOUR, 'a', 1)).toBe(1);
    expect(await counters.add(HOUR, 'a', 2)).toBe(3);
    expect(await counters.add(HOUR, 'b', 1)).toBe(1);
    clock.time += HOUR.windowMs;
    expect(await counters.add(HOUR, 'a', 1)).toBe(1);
    expect(await counters.used(HOUR, 'b')).toBe(0);
  });

  it('keeps tens of thousands of live windows without scanning them all for every new key', async () => {
    const clock = countingClock();
    const counters = createMemoryCounters(clock);
    const keys = 40_000;
    for (let i = 0; i < keys; i++) await counters.add(HOUR, `visitor-${i}`, 1);
    // every window is still live, so no prune can drop any: one scan per doubling, not one per key
    // (a scan per key past 10,000 would read the clock about 900 million times)
    expect(clock.reads).toBeLessThan(keys * 4);
    for (let i = 0; i < keys; i += 997) expect(await counters.used(HOUR, `visitor-${i}`)).toBe(1);
  });

  it('drops expired windows once the map is large, so a flood of one-off keys does not stay in memory', async () => {
    const clock = countingClock();
    const counters = createMemoryCounters(clock);
    for (let i = 0; i < 10_000; i++) await counters.add(HOUR, `old-${i}`, 1);
    clock.time += HOUR.windowMs;
    const before = clock.reads;
    await counters.add(HOUR, 'new', 1); // reaches the threshold: the 10,000 expired windows are visited and dropped
    expect(clock.reads - before).toBeGreaterThanOrEqual(10_000);
    const after = clock.reads;
    for (let i = 0; i < 100; i++) await counters.add(HOUR, `next-${i}`, 1);
    // nothing left to scan: the next prune waits until the map has grown again
    expect(clock.reads - after).toBeLessThan(1_000);
  });
});
