/** Whole seconds left until a deadline, ticking; never below zero. */
import { computed, onScopeDispose, shallowRef, toValue, watch, type ComputedRef, type MaybeRefOrGetter } from 'vue';

const TICK_MS = 250;

export function useCountdown(
  deadline: MaybeRefOrGetter<number>,
  clock: () => number = Date.now,
): ComputedRef<number> {
  const now = shallowRef(clock());
  const timer = setInterval(() => (now.value = clock()), TICK_MS);
  onScopeDispose(() => clearInterval(timer));
  // a new deadline counts from this moment, not from the last tick
  watch(() => toValue(deadline), () => (now.value = clock()), { flush: 'sync' });
  return computed(() => Math.max(0, Math.ceil((toValue(deadline) - now.value) / 1000)));
}
