/**
 * The side panel's first screenful of conversation rows, kept in the panel's localStorage. Right after
 * a browser start, opening the IndexedDB cache takes hundreds of milliseconds; localStorage answers in a
 * few, so the panel shows these rows at once and Dexie's answer replaces them moments later.
 * The rows belong to one agent: they are shown only to that agent and cleared when nobody is signed in.
 * The panel's first-rows script (entrypoints/first-rows.ts) paints them even before the app has loaded.
 */
const KEY = 'switchboard:firstRows';
/** bumped when the shape of a row changes, so an old snapshot is ignored rather than misread */
const VERSION = 1;
/** a screenful and more; an agent holds at most a few active chats */
export const FIRST_ROWS_MAX = 30;

export interface FirstRowsSnapshot<T> {
  version: number;
  agentId: string;
  rows: T[];
}

/** What was kept, whoever it belongs to; null when there is none or it is unreadable. */
export function readFirstRowsSnapshot<T>(): FirstRowsSnapshot<T> | null {
  try {
    const snapshot = JSON.parse(globalThis.localStorage?.getItem(KEY) ?? 'null') as FirstRowsSnapshot<T> | null;
    return snapshot?.version === VERSION && typeof snapshot.agentId === 'string' && Array.isArray(snapshot.rows) ? snapshot : null;
  } catch {
    return null;
  }
}

/** What was kept for this agent, or null (none, someone else's, or unreadable). */
export function readFirstRows<T>(agentId: string): T[] | null {
  const snapshot = readFirstRowsSnapshot<T>();
  return snapshot?.agentId === agentId ? snapshot.rows : null;
}

export function writeFirstRows<T>(agentId: string, rows: readonly T[]): void {
  const snapshot: FirstRowsSnapshot<T> = { version: VERSION, agentId, rows: rows.slice(0, FIRST_ROWS_MAX) };
  try {
    globalThis.localStorage?.setItem(KEY, JSON.stringify(snapshot));
  } catch {
    // full or unavailable: the panel simply waits for Dexie next time
  }
}

export function clearFirstRows(): void {
  globalThis.localStorage?.removeItem(KEY);
}
