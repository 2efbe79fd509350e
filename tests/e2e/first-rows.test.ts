/**
 * The side panel's first rows in a real Chromium: the rows kept from the agent's last session are in
 * the page before the app's module has mounted (painted by the classic first-rows script), the app's
 * mount leaves exactly its own rows, and another agent's snapshot paints nothing. No server: the agent
 * is written into storage.local (without a token the worker stays offline) and the cache straight into
 * IndexedDB, as the panel bench does.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AGENT, seedInPage } from '../../bench/panel-fixture.ts';
import { seriousViolations } from './axe.ts';
import { launchWithExtension, openSidePanel, type ExtensionBrowser } from './harness.ts';

/** two active chats of the agent's and one ended one */
const SEED = { conversations: 3, messages: 6, active: 2, longChat: 2 };
/** nothing listens there; without a refresh token the worker never asks it anything */
const SERVER_URL = 'http://127.0.0.1:9';

interface FirstSight {
  /** the app had mounted on #app (Vue marks its container) when the first row appeared */
  appMounted: boolean;
  painted: boolean;
  focusOnBody: boolean;
  html: string;
  /** where the first row was laid out when it appeared */
  box: { id: string | null; x: number; y: number; width: number; height: number };
}

/**
 * Before any of the page's scripts: a MutationObserver that notes, when the first conversation row
 * enters the DOM, whether the app had mounted yet, and whether a painted list ever appears.
 */
async function watchFirstRow(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = globalThis as unknown as { __firstSight: FirstSight | null; __everPainted: boolean };
    w.__firstSight = null;
    w.__everPainted = false;
    new MutationObserver(() => {
      if (document.querySelector('[data-first-rows]')) w.__everPainted = true;
      const row = document.querySelector('[data-testid="conversation-item"]');
      if (!row || w.__firstSight) return;
      const app = document.getElementById('app')!;
      // laid out now, with the page's stylesheets (a classic script runs only once they have loaded)
      const { x, y, width, height } = row.getBoundingClientRect();
      w.__firstSight = {
        appMounted: app.hasAttribute('data-v-app'),
        painted: Boolean(row.closest('[data-first-rows]')),
        focusOnBody: document.activeElement === document.body || document.activeElement === null,
        html: app.innerHTML,
        box: { id: row.getAttribute('data-conversation-id'), x, y, width, height },
      };
    }).observe(document, { childList: true, subtree: true });
  });
}

const firstSight = (page: Page) => page.evaluate(() => (globalThis as unknown as { __firstSight: FirstSight | null }).__firstSight);
const everPainted = (page: Page) => page.evaluate(() => (globalThis as unknown as { __everPainted: boolean }).__everPainted);
const rowIds = (page: Page) =>
  page.evaluate(() => [...document.querySelectorAll('[data-testid="conversation-item"]')].map((row) => row.getAttribute('data-conversation-id')));
const mounted = (page: Page) => page.evaluate(() => document.getElementById('app')!.hasAttribute('data-v-app'));

function setAgent(page: Page, agent: object): Promise<void> {
  return page.evaluate(async (items) => {
    const { chrome } = globalThis as unknown as { chrome: { storage: { local: { set(v: object): Promise<void> } } } };
    await chrome.storage.local.set(items);
  }, { serverUrl: SERVER_URL, agent });
}

describe('the first rows before the app loads', () => {
  let browser: ExtensionBrowser;
  /** the agent's own active chats, newest first, as the app lists them */
  let expected: (string | null)[];

  beforeAll(async () => {
    browser = await launchWithExtension();
    const panel = await openSidePanel(browser);
    await panel.getByTestId('signin-server').waitFor();
    await setAgent(panel, AGENT);
    await panel.reload();
    await panel.getByTestId('conversation-list').waitFor();
    await seedInPage((fn, arg) => panel.evaluate(fn, arg), SERVER_URL, SEED);
    // the agent's earlier session: the app lists the chats and keeps them for the next start
    await panel.reload();
    await panel.waitForFunction((n) => document.querySelectorAll('[data-testid="conversation-item"]').length === n, SEED.active);
    expected = await rowIds(panel);
    await panel.waitForFunction(() => localStorage.getItem('switchboard:firstRows')?.includes('"c-1"'));
    await panel.close();
  });
  afterAll(async () => {
    await browser?.close();
  });

  /** A cold panel, watched from before its scripts, once the app has mounted and its rows replaced the painted ones. */
  async function openWatchedPanel(): Promise<Page> {
    const panel = await browser.context.newPage();
    await watchFirstRow(panel);
    await panel.goto(`chrome-extension://${browser.extensionId}/sidepanel.html`);
    await expect.poll(() => mounted(panel)).toBe(true);
    await expect.poll(() => panel.locator('[data-first-rows]').count()).toBe(0);
    return panel;
  }

  it('paints the kept rows before the app has mounted, and once mounted shows exactly its own set', async () => {
    const panel = await openWatchedPanel();
    const sight = await firstSight(panel);
    expect(sight).toMatchObject({ appMounted: false, painted: true, focusOnBody: true });
    expect(await rowIds(panel)).toEqual(expected);
    await panel.close();
  });

  it("the app's rows take the painted rows' place: the first row does not move or change size when the app mounts", async () => {
    const panel = await openWatchedPanel();
    const painted = (await firstSight(panel))!.box;
    expect(painted.id).toBe(expected[0]);
    const row = panel.locator(`[data-testid="conversation-item"][data-conversation-id="${painted.id}"]`);
    const app = (await row.boundingBox())!;
    for (const side of ['x', 'y', 'width', 'height'] as const) expect(Math.abs(app[side] - painted[side]), side).toBeLessThanOrEqual(1);
    await panel.close();
  });

  it('the painted rows pass axe-core: inert, nothing to focus or announce until the app mounts', async () => {
    const panel = await browser.context.newPage();
    await watchFirstRow(panel);
    await panel.goto(`chrome-extension://${browser.extensionId}/sidepanel.html`);
    await expect.poll(() => mounted(panel)).toBe(true);
    const sight = (await firstSight(panel))!;
    // the page as it was before the app mounted: the painted rows alone in #app
    await panel.evaluate((html) => (document.getElementById('app')!.innerHTML = html), sight.html);

    expect(await panel.locator('[data-first-rows] [data-testid="conversation-item"]').count()).toBe(SEED.active);
    await panel.keyboard.press('Tab');
    expect(await panel.evaluate(() => Boolean(document.activeElement?.closest('[data-first-rows]')))).toBe(false);
    expect(await seriousViolations(panel)).toEqual([]);
    await panel.close();
  });

  it("paints nothing when storage.local names another agent than the one the rows were kept for", async () => {
    const panel = await openSidePanel(browser);
    await setAgent(panel, { ...AGENT, id: 'another-agent' });
    await watchFirstRow(panel);
    await panel.reload();
    await expect.poll(() => mounted(panel)).toBe(true);
    await panel.getByTestId('conversation-list').waitFor();

    expect(await everPainted(panel)).toBe(false);
    expect(await rowIds(panel)).toEqual([]);
    await panel.close();
  });
});
