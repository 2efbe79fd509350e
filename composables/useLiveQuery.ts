/**
 * A Dexie liveQuery as a Vue ref: undefined until the first answer, then kept current by every write to
 * what the query read. With `sources`, the query re-runs when they change (e.g. the selected id).
 */
import { liveQuery, type Subscription } from 'dexie';
import { onScopeDispose, shallowRef, watch, type Ref, type WatchSource } from 'vue';

export function useLiveQuery<T>(query: () => T | Promise<T>, sources: WatchSource[] = []): Readonly<Ref<T | undefined>> {
  const value = shallowRef<T | undefined>(undefined);
  let subscription: Subscription | undefined;

  function subscribe(): void {
    subscription?.unsubscribe();
    subscription = liveQuery(query).subscribe({
      next: (result) => (value.value = result),
      error: (error: unknown) => console.error(error),
    });
  }

  if (sources.length) watch(sources, subscribe, { immediate: true });
  else subscribe();
  onScopeDispose(() => subscription?.unsubscribe());
  return value;
}
