/**
 * How long a group commit waits for company (message-writer.ts). Every commit costs the same fixed
 * price whatever it holds — BEGIN, COMMIT's log write and the fsync on SQLite, a round trip and the
 * commit's flush on PostgreSQL — so under load, a batch that waits a moment for the next sends shares
 * that price among them. At a quiet time nobody else is coming, and waiting would only delay the ack.
 *
 * The rule, after PostgreSQL's `commit_delay` / `commit_siblings`: while sends are arriving faster than
 * one every `busyGapMs` on average over the last `window` arrivals, a batch waits from its first send for
 * as long as `companions` more sends take at that pace, and never longer than `maxWaitMs`; otherwise it
 * goes at once (the event loop's next check phase). A batch that already waited that long — for
 * instance behind the previous commit — goes at once too.
 *
 * Why 8 companions and 5 ms (docs/BENCHMARKS.md, "Group commit waits for company under load"): a
 * commit's fixed price on SQLite is about four times one message's own work, so a batch of nine pays
 * under half a message's worth each. At 1,000 msg/s batches of 2.6 sends cost 282–301 µs of CPU per
 * message, batches of 5.4 cost 231–271 µs. An ack 5 ms later under load is not something a person
 * in a chat can see; at a quiet time nothing waits.
 */
export interface CommitPacingOptions {
  /** the longest a batch waits for more sends, counted from its first send */
  maxWaitMs?: number;
  /** how many more sends a batch waits for, at the current pace, before going */
  companions?: number;
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

export function createCommitPacing({ maxWaitMs = 5, companions = 8, busyGapMs = 2, window = 8 }: CommitPacingOptions = {}): CommitPacing {
  if (!Number.isInteger(window) || window < 2) throw new RangeError('window must be an integer of at least 2');
  // the last `window` arrival times, as a ring
  const arrivals = new Float64Array(window);
  let count = 0;
  let next = 0;

  /** the mean gap between recent sends, counting the time since the newest; undefined before a full window */
  function meanGap(now: number): number | undefined {
    if (count < window) return undefined;
    const oldest = arrivals[next]!; // the ring's next slot holds its oldest time
    // `window` arrivals span window - 1 gaps; the time since the newest one counts too, so a burst
    // that stopped is not busy any more
    return (now - oldest) / (window - 1);
  }

  return {
    recordArrival(now) {
      arrivals[next] = now;
      next = (next + 1) % window;
      count = Math.min(count + 1, window);
    },
    remainingWait(firstArrival, now) {
      const gap = meanGap(now);
      if (gap === undefined || gap > busyGapMs) return 0;
      const wait = Math.min(maxWaitMs, companions * gap);
      return Math.max(0, firstArrival + wait - now);
    },
  };
}
