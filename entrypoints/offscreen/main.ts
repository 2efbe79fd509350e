/**
 * Offscreen document (Chrome): the only extension page that is always there to play a sound, because the
 * worker has no audio and the side panel may be closed. It is created for AUDIO_PLAYBACK, so no user
 * gesture is needed.
 */
import { playChime } from '../../utils/chime.ts';
import { onPlayChime } from '../../utils/offscreen.ts';

let context: AudioContext | null = null;

onPlayChime(async () => {
  context ??= new AudioContext();
  if (context.state === 'suspended') await context.resume();
  playChime(context);
  return true;
});
