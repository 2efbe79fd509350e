/**
 * Events that can start a worker Chrome stopped (or never started after the browser opened). Each one
 * reconnects: the worker's own start runs `ensure()` too, these make sure Chrome starts it at all.
 */
import { browser } from 'wxt/browser';

export function listenToWakeUps(wake: () => void): void {
  browser.runtime.onStartup.addListener(wake);
  browser.runtime.onInstalled.addListener(wake);
  // The agent at work in the browser: switching tabs or windows starts a stopped worker at once.
  browser.tabs.onActivated.addListener(wake);
  browser.windows.onFocusChanged.addListener(wake);
}
