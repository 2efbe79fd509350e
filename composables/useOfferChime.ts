/**
 * A short two-note chime when a new chat request arrives. Browsers start audio only after the page has
 * had a user interaction, so the sound context is unlocked on the first click or key press.
 */
import { onScopeDispose, watch, type WatchSource } from 'vue';

function playChime(context: AudioContext): void {
  const start = context.currentTime;
  const gain = context.createGain();
  gain.connect(context.destination);
  gain.gain.setValueAtTime(0.0001, start);
  gain.gain.exponentialRampToValueAtTime(0.2, start + 0.02);
  gain.gain.exponentialRampToValueAtTime(0.0001, start + 0.45);
  const oscillator = context.createOscillator();
  oscillator.type = 'sine';
  oscillator.frequency.setValueAtTime(880, start);
  oscillator.frequency.setValueAtTime(1320, start + 0.15);
  oscillator.connect(gain);
  oscillator.start(start);
  oscillator.stop(start + 0.5);
}

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
