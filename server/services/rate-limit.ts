import type { Clock } from '../src/clock.ts';

/**
 * Counts failures per key in a fixed window (in memory: one process; a cluster would share a store).
 * Once `max` failures are counted, the key is blocked until its window ends.
 */
export interface FailureLimiter {
  blocked(key: string): boolean;
  fail(key: string): void;
  reset(key: string): void;
}

const PRUNE_ABOVE = 10_000;

export function createFailureLimiter(options: { max: number; windowMs: number; clock: Clock }): FailureLimiter {
  const windows = new Map<string, { count: number; startedAt: number }>();
  const current = (key: string) => {
    const w = windows.get(key);
    if (w && options.clock.now() - w.startedAt >= options.windowMs) {
      windows.delete(key);
      return undefined;
    }
    return w;
  };
  const prune = () => {
    const now = options.clock.now();
    for (const [key, w] of windows) if (now - w.startedAt >= options.windowMs) windows.delete(key);
  };
  return {
    blocked: (key) => (current(key)?.count ?? 0) >= options.max,
    fail(key) {
      const w = current(key);
      if (w) w.count += 1;
      else {
        if (windows.size >= PRUNE_ABOVE) prune();
        windows.set(key, { count: 1, startedAt: options.clock.now() });
      }
    },
    reset: (key) => void windows.delete(key),
  };
}
