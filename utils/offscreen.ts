/** The background's one message to its offscreen document, typed like the side panel's commands. */
import { defineExtensionMessaging } from '@webext-core/messaging';

interface OffscreenMap {
  /** answers true once the chime started */
  playChime(): boolean;
}

const offscreen = defineExtensionMessaging<OffscreenMap>();

export const onPlayChime = (handler: () => boolean | Promise<boolean>) => offscreen.onMessage('playChime', handler);
export const playChimeMessage = () => offscreen.sendMessage('playChime', undefined);
