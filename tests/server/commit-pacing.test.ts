import { describe, expect, it } from 'vitest';
import { createCommitPacing } from '../../server/services/commit-pacing.ts';

/** Records `count` arrivals `gapMs` apart from `start`; returns the time of the last one. */
function arrive(pacing: ReturnType<typeof createCommitPacing>, count: number, gapMs: number, start = 0): number {
  let t = start;
  for (let i = 0; i < count; i++) {
    t = start + i * gapMs;
    pacing.recordArrival(t);
  }
  return t;
}

describe('commit pacing (how long a group commit waits for company)', () => {
  it('sends a batch at once at a quiet time: sends 25 ms apart (40 a second) never wait', () => {
    const pacing = createCommitPacing();
    const last = arrive(pacing, 50, 25);
    expect(pacing.remainingWait(last, last)).toBe(0);
  });

  it('waits up to the delay from the first send while sends arrive more often than the busy gap', () => {
    const pacing = createCommitPacing({ delayMs: 1, busyGapMs: 2 });
    const last = arrive(pacing, 8, 0.5, 100);
    expect(pacing.remainingWait(last, last)).toBe(1);
    // the batch's first send came 0.25 ms before: what is left of its millisecond
    expect(pacing.remainingWait(last - 0.25, last)).toBeCloseTo(0.75, 10);
  });

  it('does not hold a batch that already waited the delay, behind the previous commit say', () => {
    const pacing = createCommitPacing({ delayMs: 1 });
    const last = arrive(pacing, 8, 0.5);
    expect(pacing.remainingWait(last - 3, last)).toBe(0);
  });

  it('counts a burst that stopped as quiet again: the time since the last arrival is part of the gap', () => {
    const pacing = createCommitPacing({ delayMs: 1, busyGapMs: 2 });
    const last = arrive(pacing, 8, 0.1);
    expect(pacing.remainingWait(last, last)).toBe(1);
    expect(pacing.remainingWait(last + 50, last + 50)).toBe(0);
  });

  it('waits for nobody before it has seen a full window of arrivals, nor with a delay of 0', () => {
    const early = createCommitPacing({ window: 8 });
    const last = arrive(early, 7, 0.1);
    expect(early.remainingWait(last, last)).toBe(0);
    const never = createCommitPacing({ delayMs: 0 });
    const end = arrive(never, 20, 0.1);
    expect(never.remainingWait(end, end)).toBe(0);
  });

  it('refuses a window too small to measure a gap', () => {
    expect(() => createCommitPacing({ window: 1 })).toThrow(RangeError);
  });
});
