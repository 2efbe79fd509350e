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

/**
 * Where the app first showed its rows, relative to `#app`, in CSS pixels: the painted rows go there too,
 * so the app's header and filters, which the painter does not draw, do not push the rows down when it
 * mounts. Taken when the app first lays out its rows, in the state a start is in (still connecting).
 */
export interface FirstRowsPlace {
  top: number;
  left: number;
  width: number;
}

const PLACE_KEY = 'switchboard:firstRowsPlace';

export function keepFirstRowsPlace(place: FirstRowsPlace): void {
  try {
    globalThis.localStorage?.setItem(PLACE_KEY, JSON.stringify(place));
  } catch {
    // full or unavailable: the rows are painted at the top, as without a place
  }
}

/** The place kept, or null when there is none or it does not read as one. */
export function readFirstRowsPlace(): FirstRowsPlace | null {
  try {
    const place = JSON.parse(globalThis.localStorage?.getItem(PLACE_KEY) ?? 'null') as Partial<FirstRowsPlace> | null;
    const length = (n: unknown): n is number => typeof n === 'number' && Number.isFinite(n) && n >= 0 && n < 100_000;
    return place && length(place.top) && length(place.left) && length(place.width) && place.width > 0
      ? { top: place.top, left: place.left, width: place.width }
      : null;
  } catch {
    return null;
  }
}

/** The place of the app's list of rows inside `#app` (its container), read off the laid-out page. */
export function placeOf(list: Element, app: Element): FirstRowsPlace {
  const rows = list.getBoundingClientRect();
  const container = app.getBoundingClientRect();
  return { top: rows.top - container.top, left: rows.left - container.left, width: rows.width };
}
