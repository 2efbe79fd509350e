/**
 * How long a group commit waits for company (message-writer.ts). Every commit costs the same fixed
 * price whatever it holds — BEGIN, COMMIT's log write and the fsync on SQLite, a round trip and the
 * commit's flush on PostgreSQL — so under load, a batch that waits a moment for the next send halves
 * that price per message. At a quiet time nobody else is coming, and waiting would only delay the ack.
 *
 * The rule, after PostgreSQL's `commit_delay` / `commit_siblings`: a batch waits up to `delayMs` from
 * its first send only while sends are arriving faster than one every `busyGapMs` on average over the
 * last `window` arrivals; otherwise it goes at once (the event loop's next check phase). A batch that
 * already waited that long — for instance behind the previous commit — goes at once too.
 */
export interface CommitPacingOptions {
  /** the longest a batch waits for more sends, counted from its first send */
  delayMs?: number;
  /** sends count as busy while their mean gap is at most this */
  busyGapMs?: number;
  /** how many recent arrivals the mean gap is taken over */
  window?: number;
}

export interface CommitPacing {
  /** notes a send's arrival, at `now` (a monotonic clock in ms) */
  recordArrival(now: number): void;
  /** how much longer a batch whose first send arrived at `firstArrival` should wait at `now`; 0 = go now */
  remainingWait(firstArrival: number, now: number): number;
}

export function createCommitPacing({ delayMs = 1, busyGapMs = 2, window = 8 }: CommitPacingOptions = {}): CommitPacing {
  if (!Number.isInteger(window) || window < 2) throw new RangeError('window must be an integer of at least 2');
  // the last `window` arrival times, as a ring
  const arrivals = new Float64Array(window);
  let count = 0;
  let next = 0;

  function busy(now: number): boolean {
    if (count < window) return false;
    const oldest = arrivals[next]!; // the ring's next slot holds its oldest time
    // `window` arrivals span window - 1 gaps; the time since the newest one counts too, so a burst
    // that stopped is not busy any more
    return (now - oldest) / (window - 1) <= busyGapMs;
  }

  return {
    recordArrival(now) {
      arrivals[next] = now;
      next = (next + 1) % window;
      count = Math.min(count + 1, window);
    },
    remainingWait(firstArrival, now) {
      if (delayMs <= 0 || !busy(now)) return 0;
      return Math.max(0, firstArrival + delayMs - now);
    },
  };
}
