/**
 * Row ids for the busiest tables: time-ordered (protocol/ids.ts). A random (version 4) UUID as a
 * primary key put every new row in a random leaf of the key's b-tree: each stored message dirtied a
 * page of its own in that index, and every page a commit dirties is written to the log and later
 * copied back by a checkpoint. A time-ordered key lands next to the last one, at the end of the index,
 * as the rowid table's rows do.
 */
import { randomFillSync } from 'node:crypto';
import { formatTimeOrderedId } from '../../protocol/ids.ts';

/** random bytes for 512 ids at a time: one call into the generator per 512 ids, not one per id */
const pool = new Uint8Array(10 * 512);
let used = pool.length;

/** A version 7 UUID for `now` (milliseconds since the epoch). */
export function timeOrderedId(now = Date.now()): string {
  if (used === pool.length) {
    randomFillSync(pool);
    used = 0;
  }
  const id = formatTimeOrderedId(now, pool, used);
  used += 10;
  return id;
}
