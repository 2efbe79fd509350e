/**
 * The offer chime, sounding with the side panel closed. Chrome's service worker has no audio, so an
 * offscreen document plays it; Firefox's background is a page with Web Audio, so it plays there itself.
 */
import { browser } from 'wxt/browser';
import { playChime } from '../../utils/chime.ts';
import { playChimeMessage } from '../../utils/offscreen.ts';
import { alertSettingsItem } from '../../utils/storage.ts';

const OFFSCREEN_PATH = '/offscreen.html';

interface OffscreenApi {
  createDocument(options: { url: string; reasons: string[]; justification: string }): Promise<void>;
  hasDocument?(): Promise<boolean>;
}

function offscreenApi(): OffscreenApi | undefined {
  return (browser as unknown as { offscreen?: OffscreenApi }).offscreen;
}

let creating: Promise<void> | null = null;

async function ensureOffscreen(api: OffscreenApi): Promise<void> {
  if (api.hasDocument && (await api.hasDocument())) return;
  creating ??= api
    .createDocument({
      url: OFFSCREEN_PATH,
      reasons: ['AUDIO_PLAYBACK'],
      justification: 'Plays a short chime when a chat request arrives.',
    })
    .catch((error: unknown) => {
      // "Only a single offscreen document may be created": another call won the race, which is fine.
      if (!String(error).includes('single offscreen')) throw error;
    })
    .finally(() => (creating = null));
  await creating;
}

let pageAudio: AudioContext | undefined;

/** Firefox: the background page plays the chime itself (extension pages may start audio unprompted). */
async function playInPage(): Promise<boolean> {
  if (typeof AudioContext === 'undefined') return false;
  pageAudio ??= new AudioContext();
  // not awaited: where autoplay were refused, resume() would never settle
  if (pageAudio.state === 'suspended') pageAudio.resume().catch(console.error);
  playChime(pageAudio);
  return true;
}

export async function playOfferSound(): Promise<boolean> {
  if (!(await alertSettingsItem.getValue()).sound) return false;
  const api = offscreenApi();
  try {
    if (!api) return await playInPage();
    await ensureOffscreen(api);
    await playChimeMessage();
    return true;
  } catch (error) {
    console.error(error);
    return false;
  }
}
