/**
 * Time-ordered ids: version 7 UUIDs (RFC 9562), whose first 48 bits are the time in milliseconds, so
 * ids made later sort later as text. The server keys messages by them, and clients name each message
 * they send by one (its client id). Keyed by a random (version 4) UUID, each new row went into a random
 * leaf of the index: every stored message dirtied a page of its own, and every page a commit dirties
 * is written to the log and later copied back by a checkpoint. A time-ordered key lands next to the
 * last one, at the end of the index. The server's index of client ids is keyed by the client id
 * first (migration 017); any id the protocol's pattern allows is still accepted, a random one only
 * costs the server more. 74 of the 128 bits are random: not guessable, unique across processes and
 * browsers.
 */

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
const bytes = new Uint8Array(16);
/**
 * Random bytes for 512 ids at a time: `crypto.getRandomValues` costs microseconds a call in Node, so one
 * call per 512 ids. It exists in browsers on plain-http pages too, unlike `crypto.randomUUID`.
 */
const pool = new Uint8Array(10 * 512);
let used = pool.length;

const hex = (i: number) => HEX[bytes[i]!]!;

/** A version 7 UUID for `now` (milliseconds since the epoch). */
export function timeOrderedId(now = Date.now()): string {
  if (used === pool.length) {
    crypto.getRandomValues(pool);
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
  return `${hex(0)}${hex(1)}${hex(2)}${hex(3)}-${hex(4)}${hex(5)}-${hex(6)}${hex(7)}-${hex(8)}${hex(9)}-${hex(10)}${hex(11)}${hex(12)}${hex(13)}${hex(14)}${hex(15)}`;
}
