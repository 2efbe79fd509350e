/**
 * Lookups asked for in one turn of the event loop, answered together: the keys gathered until the
 * event loop's check phase (right after the I/O round that read the requests that asked) go to one
 * `lookupMany`, at most `maxKeys` at a time, each key once. What a caller gets is what the lookup read
 * after it asked, as with a lookup of its own. A failed lookup fails every caller of its batch.
 */
export interface TurnBatchOptions {
  /** the most keys one lookup takes; more wait for the next */
  maxKeys?: number;
  /** when the gathered keys go; the event loop's check phase by default (tests run it by hand) */
  schedule?: (run: () => void) => void;
}

interface Waiter<V> {
  resolve(value: V | undefined): void;
  reject(error: unknown): void;
}

export function batchedByTurn<K, V>(
  lookupMany: (keys: readonly K[]) => Promise<ReadonlyMap<K, V>>,
  { maxKeys = 64, schedule = setImmediate }: TurnBatchOptions = {},
): (key: K) => Promise<V | undefined> {
  if (!Number.isInteger(maxKeys) || maxKeys < 1) throw new RangeError('maxKeys must be a positive integer');
  let gathered = new Map<K, Array<Waiter<V>>>();
  let scheduled = false;

  function run(): void {
    scheduled = false;
    const all = gathered;
    gathered = new Map();
    const keys = [...all.keys()];
    for (let i = 0; i < keys.length; i += maxKeys) {
      const chunk = keys.slice(i, i + maxKeys);
      // a lookup that throws before it returns a promise fails its callers too, not the event loop
      new Promise<ReadonlyMap<K, V>>((resolve) => resolve(lookupMany(chunk))).then(
        (found) => {
          for (const key of chunk) for (const waiter of all.get(key)!) waiter.resolve(found.get(key));
        },
        (error: unknown) => {
          for (const key of chunk) for (const waiter of all.get(key)!) waiter.reject(error);
        },
      );
    }
  }

  return (key) =>
    new Promise<V | undefined>((resolve, reject) => {
      const waiters = gathered.get(key);
      if (waiters) waiters.push({ resolve, reject });
      else gathered.set(key, [{ resolve, reject }]);
      if (!scheduled) {
        scheduled = true;
        schedule(run);
      }
    });
}
