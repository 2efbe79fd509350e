/**
 * Opening the inbox: Chrome's side panel, or Firefox's sidebar. Opening needs a user gesture, which an
 * `await` loses, so the window to open in is known beforehand (kept up to date by focus events).
 */
import { browser } from 'wxt/browser';

/** chrome.windows.WINDOW_ID_NONE: focus left the browser. */
const NO_WINDOW = -1;
/** chrome.windows.WINDOW_ID_CURRENT: the window the agent used last. */
const CURRENT_WINDOW = -2;

interface SidebarAction {
  open(): Promise<void>;
  toggle(): Promise<void>;
}

let focusedWindowId: number | undefined;

function sidebarAction(): SidebarAction | undefined {
  return (browser as unknown as { sidebarAction?: SidebarAction }).sidebarAction;
}

export function trackFocusedWindow(): void {
  browser.windows.onFocusChanged.addListener((windowId) => {
    if (windowId !== NO_WINDOW) focusedWindowId = windowId;
  });
  browser.windows
    .getLastFocused()
    .then((window) => {
      focusedWindowId ??= window?.id;
    })
    .catch(() => undefined);
}

/** The toolbar button opens the inbox. */
export function configurePanel(): void {
  if (browser.sidePanel) {
    browser.sidePanel.setPanelBehavior({ openPanelOnActionClick: true }).catch(console.error);
  } else {
    browser.action.onClicked.addListener(() => {
      sidebarAction()?.toggle().catch(console.error);
    });
  }
}

/** Call synchronously from a user-gesture handler, before any await. */
export function openPanel(): void {
  if (browser.sidePanel) {
    // A click that just started the worker comes before getLastFocused() answers: the current window then.
    browser.sidePanel.open({ windowId: focusedWindowId ?? CURRENT_WINDOW }).catch(console.error);
  } else {
    sidebarAction()?.open().catch(console.error);
  }
}
