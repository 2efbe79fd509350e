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

/** One use of a budget by `key`, counting `amount` (1 unless the budget counts bytes). */
export interface Use {
  budget: Budget;
  key: string;
  amount?: number;
}

export interface Limits {
  /**
   * Counts `amount` uses (1 unless a budget counts bytes); false when that goes over the budget, and then
   * the use is refused. The first refusal of a window is logged, the rest are not.
   */
  take(budget: Budget, key: string, amount?: number): Promise<boolean>;
  /**
   * Takes each use as `take` does, in turn, and stops at the first refused one: the budgets after it are
   * not counted. True when every use was taken. Counts kept in this process are taken in one pass.
   */
  takeInOrder(uses: readonly Use[]): Promise<boolean>;
  /** how much of the budget the current window used, without counting */
  used(budget: Budget, key: string): Promise<number>;
  reset(budget: Budget, key: string): Promise<void>;
}

/** Where the counts live: process memory, or Redis shared by every process. */
export interface Counters {
  /** adds `amount` to the key's current window (a new window when the last one is over); answers the total */
  add(budget: Budget, key: string, amount: number): Promise<number>;
  /** `add` answered at once, where the counts are in this process */
  addNow?(budget: Budget, key: string, amount: number): number;
  used(budget: Budget, key: string): Promise<number>;
  reset(budget: Budget, key: string): Promise<void>;
}

export interface RefusalLog {
  warn(message: string, fields?: Record<string, unknown>): void;
}

export function createLimits(counters: Counters, log: RefusalLog): Limits {
  /** whether a use that brought the window to `total` was within the budget */
  const within = (budget: Budget, key: string, amount: number, total: number): boolean => {
    if (total <= budget.max) return true;
    // only the use that crossed the line is logged: a flood writes one line per window, not one per message
    if (total - amount <= budget.max) log.warn('limit reached', { limit: budget.name, key, max: budget.max, windowMs: budget.windowMs });
    return false;
  };
  const { addNow } = counters;
  return {
    async take(budget, key, amount = 1) {
      return within(budget, key, amount, await counters.add(budget, key, amount));
    },
    async takeInOrder(uses) {
      for (const { budget, key, amount = 1 } of uses) {
        const total = addNow ? addNow(budget, key, amount) : await counters.add(budget, key, amount);
        if (!within(budget, key, amount, total)) return false;
      }
      return true;
    },
    used: (budget, key) => counters.used(budget, key),
    reset: (budget, key) => counters.reset(budget, key),
  };
}

/** Wrong passwords from one client address (whatever the account): past it, that address is refused. */
export const LOGIN_FAILURES_PER_ADDRESS: Budget = { name: 'login-failures-address', max: 20, windowMs: 5 * 60_000 };
/**
 * Wrong passwords for one account (from anywhere): past `max`, every attempt on it is slowed down, never
 * refused, so a stranger cannot lock the agent out.
 */
export const LOGIN_FAILURES_PER_ACCOUNT: Budget = { name: 'login-failures-account', max: 5, windowMs: 15 * 60_000 };

const PRUNE_ABOVE = 10_000;

export function createMemoryCounters(clock: Clock): Counters {
  const windows = new Map<string, { count: number; startedAt: number; windowMs: number }>();
  const current = (id: string) => {
    const w = windows.get(id);
    if (w && clock.now() - w.startedAt >= w.windowMs) {
      windows.delete(id);
      return undefined;
    }
    return w;
  };
  // expired windows are dropped when the map reaches `pruneAt`; the next prune waits until it has
  // doubled what was left, so that many live windows (a busy hour's visitors) cost a scan now and then,
  // not one per new key
  let pruneAt = PRUNE_ABOVE;
  const prune = () => {
    for (const id of windows.keys()) current(id);
    pruneAt = Math.max(PRUNE_ABOVE, windows.size * 2);
  };
  const addNow = (budget: Budget, key: string, amount: number): number => {
    const id = `${budget.name}:${key}`;
    const w = current(id);
    if (w) {
      w.count += amount;
      return w.count;
    }
    if (windows.size >= pruneAt) prune();
    windows.set(id, { count: amount, startedAt: clock.now(), windowMs: budget.windowMs });
    return amount;
  };
  return {
    addNow,
    async add(budget, key, amount) {
      return addNow(budget, key, amount);
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

export function createRedisCounters(client: RedisClientType, prefix: string, clock: Clock): Counters {
  const keyOf = (budget: Budget, key: string) => `${prefix}:limit:${budget.name}:${key}`;
  const run = async (script: string, budget: Budget, key: string, extra: string[] = []) =>
    Number(await client.eval(script, { keys: [keyOf(budget, key)], arguments: [String(clock.now()), String(budget.windowMs), ...extra] }));
  return {
    add(budget, key, amount) {
      return run(TAKE, budget, key, [String(amount)]);
    },
    async used(budget, key) {
      return run(PEEK, budget, key);
    },
    async reset(budget, key) {
      await client.del(keyOf(budget, key));
    },
  };
}
