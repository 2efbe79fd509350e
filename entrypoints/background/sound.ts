/**
 * The offer chime, played by an offscreen document so it sounds with the side panel closed (a service
 * worker has no audio). Firefox has no offscreen documents; there the open sidebar chimes itself.
 */
import { browser } from 'wxt/browser';
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

export async function playOfferSound(): Promise<boolean> {
  const api = offscreenApi();
  if (!api || !(await alertSettingsItem.getValue()).sound) return false;
  try {
    await ensureOffscreen(api);
    await playChimeMessage();
    return true;
  } catch (error) {
    console.error(error);
    return false;
  }
}
