/**
 * A short two-note chime when a new chat request arrives. Browsers start audio only after the page has
 * had a user interaction, so the sound context is unlocked on the first click or key press.
 */
import { onScopeDispose, watch, type WatchSource } from 'vue';
import { playChime } from '../utils/chime.ts';

/** Chimes whenever an id appears in `ids` that was not there before (not for those present at first). */
export function useOfferChime(ids: WatchSource<readonly string[] | undefined>): void {
  if (typeof AudioContext === 'undefined') return;
  let context: AudioContext | null = null;
  const unlock = () => {
    context ??= new AudioContext();
    if (context.state === 'suspended') context.resume().catch(() => undefined);
  };
  window.addEventListener('pointerdown', unlock);
  window.addEventListener('keydown', unlock);

  let known: Set<string> | null = null;
  watch(
    ids,
    (next) => {
      if (!next) return;
      const fresh = known !== null && next.some((id) => !known!.has(id));
      known = new Set(next);
      if (fresh && context?.state === 'running') playChime(context);
    },
    { immediate: true },
  );

  onScopeDispose(() => {
    window.removeEventListener('pointerdown', unlock);
    window.removeEventListener('keydown', unlock);
    context?.close().catch(() => undefined);
  });
}
