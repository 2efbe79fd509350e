import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { effectScope, ref } from 'vue';
import { useCountdown } from '../../../composables/useCountdown.ts';

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(0);
});

afterEach(() => {
  vi.useRealTimers();
});

describe('useCountdown', () => {
  it('counts whole seconds down to the deadline, never below zero, and follows a moved deadline', () => {
    const scope = effectScope();
    const deadline = ref(3_500);
    const seconds = scope.run(() => useCountdown(deadline))!;
    expect(seconds.value).toBe(4);

    vi.advanceTimersByTime(1_000);
    expect(seconds.value).toBe(3);
    vi.advanceTimersByTime(10_000);
    expect(seconds.value).toBe(0);

    deadline.value = 20_000;
    expect(seconds.value).toBe(9);
    scope.stop();
  });

  it('uses the given clock (the server time) instead of the local one', () => {
    const scope = effectScope();
    const seconds = scope.run(() => useCountdown(45_000, () => Date.now() + 15_000))!;
    expect(seconds.value).toBe(30);
    scope.stop();
  });

  it('stops ticking when its scope ends', () => {
    const scope = effectScope();
    scope.run(() => useCountdown(10_000));
    expect(vi.getTimerCount()).toBe(1);
    scope.stop();
    expect(vi.getTimerCount()).toBe(0);
  });
});
