import { randomUUID } from 'node:crypto';
import { createClient, type RedisClientType } from 'redis';
import { describe, expect, it } from 'vitest';
import { createLimits, createMemoryCounters, createRedisCounters, type Budget, type Counters } from '../../server/services/rate-limit.ts';

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

const BURST: Budget = { name: 'test-burst', max: 2, windowMs: 10_000 };
const CONVERSATION: Budget = { name: 'test-conversation', max: 100, windowMs: 60 * 60_000 };

/** Memory always; Redis too when TEST_REDIS_URL is set (the suite's run as one process of a cluster). */
const stores: Array<[string, (clock: { now(): number }) => Promise<{ counters: Counters; close(): Promise<void> }>]> = [
  ['in memory', async (clock) => ({ counters: createMemoryCounters(clock), close: async () => undefined })],
];
const redisUrl = process.env.TEST_REDIS_URL;
if (redisUrl) {
  stores.push([
    'in Redis',
    async (clock) => {
      const client: RedisClientType = createClient({ url: redisUrl });
      await client.connect();
      return { counters: createRedisCounters(client, `t-${randomUUID()}`, clock), close: async () => void (await client.quit()) };
    },
  ]);
}

describe.each(stores)('budgets taken in order, %s', (_name, open) => {
  it('takes every use while each is within its budget, and stops at the first refused one without counting the ones after it', async () => {
    const clock = countingClock();
    const { counters, close } = await open(clock);
    const warnings: Array<Record<string, unknown> | undefined> = [];
    const limits = createLimits(counters, { warn: (_message, fields) => warnings.push(fields) });
    try {
      const uses = [
        { budget: BURST, key: 'v1' },
        { budget: HOUR, key: 'v1' },
        { budget: CONVERSATION, key: 'v1:c1', amount: 7 },
      ];
      expect(await limits.takeInOrder(uses)).toBe(true);
      expect(await limits.takeInOrder(uses)).toBe(true);
      // the burst's third use is refused: the hour and the conversation are not charged for it
      expect(await limits.takeInOrder(uses)).toBe(false);
      expect(await limits.takeInOrder(uses)).toBe(false);
      expect(await counters.used(HOUR, 'v1')).toBe(2);
      expect(await counters.used(CONVERSATION, 'v1:c1')).toBe(14);
      // the refusal that crossed the line is logged, the one after it is not
      expect(warnings).toEqual([{ limit: BURST.name, key: 'v1', max: BURST.max, windowMs: BURST.windowMs }]);

      // a later budget's refusal: the ones before it were counted, as with one take after another
      clock.time += BURST.windowMs;
      expect(await limits.takeInOrder([{ budget: BURST, key: 'v2' }, { budget: CONVERSATION, key: 'v2:c1', amount: 101 }])).toBe(false);
      expect(await counters.used(BURST, 'v2')).toBe(1);
      expect(await limits.takeInOrder([])).toBe(true);
    } finally {
      await close();
    }
  });
});
