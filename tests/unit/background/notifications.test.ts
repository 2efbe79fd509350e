import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { listenToNotificationClicks } from '../../../entrypoints/background/notifications.ts';
import { openPanel, trackFocusedWindow } from '../../../entrypoints/background/panel.ts';
import { resetExtension } from '../helpers/reset.ts';

const accept = vi.fn(async () => undefined);
const decline = vi.fn(async () => undefined);
let open: ReturnType<typeof vi.fn>;

beforeEach(async () => {
  await resetExtension();
  accept.mockClear();
  decline.mockClear();
  open = vi.fn(async () => undefined);
  fakeBrowser.sidePanel.open = open as typeof fakeBrowser.sidePanel.open;
  trackFocusedWindow();
  listenToNotificationClicks({ openPanel, accept, decline });
  await fakeBrowser.windows.onFocusChanged.trigger(7);
});

describe('notification clicks', () => {
  it('a click opens the side panel in the last focused window, before anything is awaited', () => {
    void fakeBrowser.notifications.onClicked.trigger('offer:o1');
    expect(open).toHaveBeenCalledWith({ windowId: 7 });
  });

  it('focus leaving the browser does not lose the window to open in', () => {
    void fakeBrowser.windows.onFocusChanged.trigger(-1);
    void fakeBrowser.notifications.onClicked.trigger('offer:o1');
    expect(open).toHaveBeenCalledWith({ windowId: 7 });
  });

  it('button 0 accepts the offer and opens the panel', async () => {
    await fakeBrowser.notifications.onButtonClicked.trigger('offer:o1', 0);
    expect(accept).toHaveBeenCalledWith('o1');
    expect(decline).not.toHaveBeenCalled();
    expect(open).toHaveBeenCalledOnce();
  });

  it('button 1 declines the offer without opening the panel', async () => {
    await fakeBrowser.notifications.onButtonClicked.trigger('offer:o1', 1);
    expect(decline).toHaveBeenCalledWith('o1');
    expect(accept).not.toHaveBeenCalled();
    expect(open).not.toHaveBeenCalled();
  });
});
