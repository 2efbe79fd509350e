/**
 * The side panel's first screenful of conversation rows, kept in the panel's localStorage. Right after
 * a browser start, opening the IndexedDB cache takes hundreds of milliseconds; localStorage answers in a
 * few, so the panel shows these rows at once and Dexie's answer replaces them moments later.
 * The rows belong to one agent: they are shown only to that agent and cleared when nobody is signed in.
 */
const KEY = 'switchboard:firstRows';
/** bumped when the shape of a row changes, so an old snapshot is ignored rather than misread */
const VERSION = 1;
/** a screenful and more; an agent holds at most a few active chats */
export const FIRST_ROWS_MAX = 30;

interface Snapshot<T> {
  version: number;
  agentId: string;
  rows: T[];
}

/** What was kept for this agent, or null (none, someone else's, or unreadable). */
export function readFirstRows<T>(agentId: string): T[] | null {
  try {
    const snapshot = JSON.parse(globalThis.localStorage?.getItem(KEY) ?? 'null') as Snapshot<T> | null;
    return snapshot?.version === VERSION && snapshot.agentId === agentId && Array.isArray(snapshot.rows) ? snapshot.rows : null;
  } catch {
    return null;
  }
}

export function writeFirstRows<T>(agentId: string, rows: readonly T[]): void {
  const snapshot: Snapshot<T> = { version: VERSION, agentId, rows: rows.slice(0, FIRST_ROWS_MAX) };
  try {
    globalThis.localStorage?.setItem(KEY, JSON.stringify(snapshot));
  } catch {
    // full or unavailable: the panel simply waits for Dexie next time
  }
}

export function clearFirstRows(): void {
  globalThis.localStorage?.removeItem(KEY);
}
