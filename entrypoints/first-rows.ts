/**
 * The side panel's first rows before its app has loaded: a classic script that `sidepanel.html` runs
 * ahead of the app's module, right after `#app` (MV3 allows no inline script). Right after a browser start the browser
 * takes hundreds of milliseconds to parse the app's JavaScript; this reads who is signed in from
 * storage.local (milliseconds; never storage.managed, which takes seconds then) and the rows kept in
 * localStorage, and paints them when they are that agent's. The app's mount replaces them.
 */
import { browser } from 'wxt/browser';
import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { readFirstRowsPlace, readFirstRowsSnapshot } from '../utils/first-rows.ts';
import { paintFirstRows } from '../utils/first-rows-paint.ts';
import { AGENT_KEY } from '../utils/storage-keys.ts';

export default defineUnlistedScript(() => {
  // asked first, so the browser answers while localStorage is read
  const signedIn = browser.storage.local.get(AGENT_KEY);
  const snapshot = readFirstRowsSnapshot();
  if (!snapshot) return;
  void signedIn.then(
    (items) => {
      const agent: unknown = items[AGENT_KEY];
      const agentId = typeof agent === 'object' && agent !== null && 'id' in agent && typeof agent.id === 'string' ? agent.id : null;
      // the page puts this script right after #app
      const app = document.getElementById('app');
      if (app) paintFirstRows(app, snapshot, agentId, readFirstRowsPlace());
    },
    // unreadable storage: the app shows what it can, as without this script
    () => undefined,
  );
});
