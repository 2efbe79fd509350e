/**
 * Fixed-window budgets, one owner for every limit the service keeps (sign-in failures, typing, page
 * visits, identities, bookings). Keys are who is limited (an email and address, a visitor, an
 * agent), never a socket, so a reconnect does not refill a budget. In memory for one process; in
 * Redis when REDIS_URL is set, so every process counts against one budget.
 */
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
  /** how much of the budget the current window used, without counting */
  used(budget: Budget, key: string): Promise<number>;
  reset(budget: Budget, key: string): Promise<void>;
}

/** Wrong passwords from one client address (whatever the account): past it, that address is refused. */
export const LOGIN_FAILURES_PER_ADDRESS: Budget = { name: 'login-failures-address', max: 20, windowMs: 5 * 60_000 };
/**
 * Wrong passwords for one account (from anywhere): past `max`, every attempt on it is slowed down, never
 * refused, so a stranger cannot lock the agent out.
 */
export const LOGIN_FAILURES_PER_ACCOUNT: Budget = { name: 'login-failures-account', max: 5, windowMs: 15 * 60_000 };

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
    async used(budget, key) {
      return current(`${budget.name}:${key}`)?.count ?? 0;
    },
    async reset(budget, key) {
      windows.delete(`${budget.name}:${key}`);
    },
  };
}

/**
 * One script per use, so the read and the write are atomic across processes. The window starts at the
 * first use, as in memory; times come from the service's clock (shared, injected in tests), and the
 * key also expires by itself a window after its last use so idle keys never pile up.
 */
const TAKE = `
local count = tonumber(redis.call('HGET', KEYS[1], 'count') or '0')
local started = tonumber(redis.call('HGET', KEYS[1], 'started') or '0')
local now, window = tonumber(ARGV[1]), tonumber(ARGV[2])
if count == 0 or now - started >= window then
  count, started = 0, now
end
count = count + tonumber(ARGV[3])
redis.call('HSET', KEYS[1], 'count', count, 'started', started)
redis.call('PEXPIRE', KEYS[1], window)
return count`;

const PEEK = `
local count = tonumber(redis.call('HGET', KEYS[1], 'count') or '0')
local started = tonumber(redis.call('HGET', KEYS[1], 'started') or '0')
if tonumber(ARGV[1]) - started >= tonumber(ARGV[2]) then return 0 end
return count`;

export function createRedisLimits(client: RedisClientType, prefix: string, clock: Clock): Limits {
  const keyOf = (budget: Budget, key: string) => `${prefix}:limit:${budget.name}:${key}`;
  const run = async (script: string, budget: Budget, key: string, extra: string[] = []) =>
    Number(await client.eval(script, { keys: [keyOf(budget, key)], arguments: [String(clock.now()), String(budget.windowMs), ...extra] }));
  return {
    async take(budget, key) {
      return (await run(TAKE, budget, key, ['1'])) <= budget.max;
    },
    async used(budget, key) {
      return run(PEEK, budget, key);
    },
    async reset(budget, key) {
      await client.del(keyOf(budget, key));
    },
  };
}
