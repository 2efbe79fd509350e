/**
 * Row ids for the busiest tables. A random (version 4) UUID as a primary key puts every new row in a
 * random leaf of the key's b-tree: each stored message dirtied a page of its own in that index, and
 * every page a commit dirties is written to the log and later copied back by a checkpoint. A version 7
 * UUID (RFC 9562) starts with the time in milliseconds, so new keys land next to each other, at the end
 * of the index, as the rowid table's rows do. Still 122 bits of which 74 random: not guessable, unique
 * across processes.
 */
import { randomFillSync } from 'node:crypto';

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
const bytes = new Uint8Array(16);
/** random bytes for 512 ids at a time: one call into the generator per 512 ids, not one per id */
const pool = new Uint8Array(10 * 512);
let used = pool.length;

/** A version 7 UUID for `now` (milliseconds since the epoch). */
export function timeOrderedId(now = Date.now()): string {
  if (used === pool.length) {
    randomFillSync(pool);
    used = 0;
  }
  bytes.set(pool.subarray(used, used + 10), 6);
  used += 10;
  // 48 bits of time, big-endian
  let time = now;
  for (let i = 5; i >= 0; i--) {
    bytes[i] = time % 256;
    time = Math.floor(time / 256);
  }
  bytes[6] = 0x70 | (bytes[6]! & 0x0f);
  bytes[8] = 0x80 | (bytes[8]! & 0x3f);
  const h = (i: number) => HEX[bytes[i]!]!;
  return `${h(0)}${h(1)}${h(2)}${h(3)}-${h(4)}${h(5)}-${h(6)}${h(7)}-${h(8)}${h(9)}-${h(10)}${h(11)}${h(12)}${h(13)}${h(14)}${h(15)}`;
}
