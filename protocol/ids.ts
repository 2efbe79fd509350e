/**
 * Time-ordered ids: version 7 UUIDs (RFC 9562), whose first 48 bits are the time in milliseconds, so
 * ids made later sort later as text. The server keys its busiest tables by them, and clients name each
 * message they send by one (its client id): the server's index that catches a repeated send is keyed by
 * the client id first, and a new key landing at the end of that index dirties one page per commit,
 * where a random one dirtied a page of its own (docs/BENCHMARKS.md). Any id the protocol's schema
 * allows is still accepted; a random one only costs the server more. 74 of the 128 bits are random:
 * not guessable, unique across processes and browsers.
 */

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
const bytes = new Uint8Array(16);

/** The bytes of an id are laid out here and then read as hex. */
const hex = (i: number) => HEX[bytes[i]!]!;

/**
 * A version 7 UUID for `now` (ms since the epoch) from ten random bytes of `random` starting at
 * `offset`; callers that make many ids draw their random bytes in bulk.
 */
export function formatTimeOrderedId(now: number, random: Uint8Array, offset = 0): string {
  bytes.set(random.subarray(offset, offset + 10), 6);
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

/**
 * A time-ordered id for `now`, random bits from `crypto.getRandomValues`, which browsers offer on plain
 * http pages too (unlike `crypto.randomUUID`).
 */
export function timeOrderedId(now = Date.now()): string {
  return formatTimeOrderedId(now, crypto.getRandomValues(new Uint8Array(10)));
}
