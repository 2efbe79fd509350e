/**
 * Fixed-window budgets, one owner for every limit the service keeps (sign-in failures, typing, page
 * visits, identities, bookings). Keys are who is limited (an email and address, a visitor, an
 * agent), never a socket, so a reconnect does not refill a budget. In memory for one process; in
 * Redis (rate-limiter-flexible) when REDIS_URL is set, so every process counts against one budget.
 */
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { RedisClientType } from 'redis';
import type { Clock } from '../src/clock.ts';

export interface Budget {
  /** names the counter, so two budgets never share a key */
  name: string;
  max: number;
  windowMs: number;
}

export interface Limits {
  /** counts one use; false when it is over the budget (and then it is refused) */
  take(budget: Budget, key: string): Promise<boolean>;
  /** whether the budget is used up, without counting */
  exhausted(budget: Budget, key: string): Promise<boolean>;
  reset(budget: Budget, key: string): Promise<void>;
}

export const LOGIN_FAILURES: Budget = { name: 'login-failures', max: 10, windowMs: 5 * 60_000 };

const PRUNE_ABOVE = 10_000;

export function createMemoryLimits(clock: Clock): Limits {
  const windows = new Map<string, { count: number; startedAt: number; windowMs: number }>();
  const current = (id: string) => {
    const w = windows.get(id);
    if (w && clock.now() - w.startedAt >= w.windowMs) {
      windows.delete(id);
      return undefined;
    }
    return w;
  };
  const prune = () => {
    for (const id of windows.keys()) current(id);
  };
  return {
    async take(budget, key) {
      const id = `${budget.name}:${key}`;
      const w = current(id);
      if (w) {
        w.count += 1;
        return w.count <= budget.max;
      }
      if (windows.size >= PRUNE_ABOVE) prune();
      windows.set(id, { count: 1, startedAt: clock.now(), windowMs: budget.windowMs });
      return budget.max >= 1;
    },
    async exhausted(budget, key) {
      return (current(`${budget.name}:${key}`)?.count ?? 0) >= budget.max;
    },
    async reset(budget, key) {
      windows.delete(`${budget.name}:${key}`);
    },
  };
}

export function createRedisLimits(client: RedisClientType, prefix: string): Limits {
  const limiters = new Map<string, RateLimiterRedis>();
  const limiter = (budget: Budget) => {
    let l = limiters.get(budget.name);
    if (!l) {
      l = new RateLimiterRedis({
        storeClient: client,
        useRedisPackage: true,
        keyPrefix: `${prefix}:limit:${budget.name}`,
        points: budget.max,
        duration: Math.max(1, Math.ceil(budget.windowMs / 1000)),
      });
      limiters.set(budget.name, l);
    }
    return l;
  };
  return {
    async take(budget, key) {
      try {
        await limiter(budget).consume(key);
        return true;
      } catch (error) {
        // over the budget: the library rejects with the counter's state; anything else is Redis failing
        if (error instanceof RateLimiterRes) return false;
        throw error;
      }
    },
    async exhausted(budget, key) {
      const state = await limiter(budget).get(key);
      return (state?.consumedPoints ?? 0) >= budget.max;
    },
    async reset(budget, key) {
      await limiter(budget).delete(key);
    },
  };
}
