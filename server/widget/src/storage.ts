/**
 * A small key-value store over localStorage. localStorage can be missing or throw (blocked cookies,
 * private modes, sandboxed frames); the widget must still work then, only without surviving a reload.
 */
export interface KeyValueStore {
  get(key: string): string | null;
  set(key: string, value: string): void;
  remove(key: string): void;
  keys(): string[];
}

export function memoryStore(): KeyValueStore {
  const map = new Map<string, string>();
  return {
    get: (key) => map.get(key) ?? null,
    set: (key, value) => void map.set(key, value),
    remove: (key) => void map.delete(key),
    keys: () => [...map.keys()],
  };
}

/** localStorage when it answers, else memory. A failing write (quota full) is dropped, not thrown. */
export function browserStore(getStorage: () => Storage): KeyValueStore {
  let s: Storage;
  try {
    s = getStorage();
    s.getItem(PROBE_KEY);
  } catch {
    return memoryStore();
  }
  return {
    get: (key) => s.getItem(key),
    set(key, value) {
      try {
        s.setItem(key, value);
      } catch {
        // The chat goes on; only surviving a reload is lost.
      }
    },
    remove: (key) => s.removeItem(key),
    keys: () => Array.from({ length: s.length }, (_, i) => s.key(i)).filter((k) => k !== null),
  };
}

const PROBE_KEY = 'switchboard:probe';
