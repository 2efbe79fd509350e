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

  it('while sends arrive more often than the busy gap, waits as long as `companions` more sends take at that pace', () => {
    const pacing = createCommitPacing({ maxWaitMs: 5, companions: 8, busyGapMs: 2 });
    const last = arrive(pacing, 8, 0.25, 100);
    // the last 8 arrivals came 0.25 ms apart: 8 more take 2 ms
    expect(pacing.remainingWait(last, last)).toBe(2);
    // the batch's first send came 0.5 ms before: what is left of its 2 ms
    expect(pacing.remainingWait(last - 0.5, last)).toBeCloseTo(1.5, 10);
  });

  it('never waits longer than maxWaitMs, however many companions that leaves out', () => {
    const pacing = createCommitPacing({ maxWaitMs: 5, companions: 8, busyGapMs: 2 });
    // 1 ms apart (1,000 a second): 8 more would take 8 ms
    const last = arrive(pacing, 8, 1);
    expect(pacing.remainingWait(last, last)).toBe(5);
    const quick = createCommitPacing({ maxWaitMs: 1, companions: 8 });
    const end = arrive(quick, 8, 0.5);
    expect(quick.remainingWait(end, end)).toBe(1);
  });

  it('does not hold a batch that already waited its time, behind the previous commit say', () => {
    const pacing = createCommitPacing({ maxWaitMs: 5, companions: 8 });
    const last = arrive(pacing, 8, 0.5);
    // 8 more sends 0.5 ms apart take 4 ms; the first send came 4.5 ms ago
    expect(pacing.remainingWait(last - 4.5, last)).toBe(0);
  });

  it('counts a burst that stopped as quiet again: the time since the last arrival is part of the gap', () => {
    const pacing = createCommitPacing({ maxWaitMs: 5, companions: 10, busyGapMs: 2 });
    const last = arrive(pacing, 8, 0.1);
    expect(pacing.remainingWait(last, last)).toBeCloseTo(1, 10);
    expect(pacing.remainingWait(last + 50, last + 50)).toBe(0);
  });

  it('waits for nobody before it has seen a full window of arrivals, nor with a longest wait of 0', () => {
    const early = createCommitPacing({ window: 8 });
    const last = arrive(early, 7, 0.1);
    expect(early.remainingWait(last, last)).toBe(0);
    const never = createCommitPacing({ maxWaitMs: 0 });
    const end = arrive(never, 20, 0.1);
    expect(never.remainingWait(end, end)).toBe(0);
  });

  it('refuses a window too small to measure a gap', () => {
    expect(() => createCommitPacing({ window: 1 })).toThrow(RangeError);
  });
});
