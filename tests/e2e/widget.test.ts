/**
 * The visitor widget in a real browser, state by state: closed, the start form, a chat with messages,
 * a reload in the middle of it, a shared calendar, and the chat ended. Each state passes axe-core in
 * the light and the dark colour scheme. On a site the server does not serve, nothing shows.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousViolations } from './axe.ts';
import {
  chooseFromMenu,
  launchWithExtension,
  openSidePanel,
  signIn,
  startCustomerSite,
  startServer,
  switchAvailable,
  type ExtensionBrowser,
  type RunningServer,
} from './harness.ts';

const WIDGET = '#switchboard-widget';
/** what waits on the server, the extension or a reload: slow on a loaded machine */
const ROUND_TRIP = { timeout: 10_000 };

/** The widget's serious and critical violations in both colour schemes, each line marked with its scheme. */
async function widgetViolations(page: Page): Promise<string[]> {
  const found: string[] = [];
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    found.push(...(await seriousViolations(page, WIDGET)).map((v) => `${colorScheme}: ${v}`));
  }
  await page.emulateMedia({ colorScheme: null });
  return found;
}

/** Switches on meetings for the signed-in agent (default hours: weekdays 09–17 UTC). */
async function takeMeetings(panel: Page): Promise<void> {
  await chooseFromMenu(panel, 'open-meetings');
  await panel.getByTestId('meetings-takes').check();
  await panel.getByTestId('meetings-time-zone').fill('UTC');
  await panel.getByTestId('save-meetings').click();
  await expect.poll(() => panel.getByTestId('meetings-saved').count(), ROUND_TRIP).toBe(1);
  await panel.getByTestId('close-meetings').click();
}

describe('the visitor widget, state by state', () => {
  let server: RunningServer;
  let browser: ExtensionBrowser;
  let panel: Page;
  let site: Page;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchWithExtension();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('the demo agent takes meetings and goes available', async () => {
    panel = await openSidePanel(browser);
    await signIn(panel, server.url, server.demoAgent, 'Demo Agent');
    await takeMeetings(panel);
    await switchAvailable(panel);
  });

  it('closed, with only the launcher showing, has no serious axe-core violations', async () => {
    site = await browser.context.newPage();
    await site.goto(server.siteUrl);
    await expect.poll(() => site.getByTestId('sb-launcher').isVisible(), ROUND_TRIP).toBe(true);
    expect(await site.getByTestId('sb-panel').isVisible()).toBe(false);
    expect(await widgetViolations(site)).toEqual([]);
  });

  it('the start form has no serious axe-core violations', async () => {
    await site.getByTestId('sb-launcher').click();
    await expect.poll(() => site.getByTestId('sb-name').isVisible(), ROUND_TRIP).toBe(true);
    expect(await widgetViolations(site)).toEqual([]);
  });

  it('a chat with messages from both sides has no serious axe-core violations', async () => {
    await site.getByTestId('sb-name').fill('Vera Visitor');
    await site.getByTestId('sb-email').fill('vera@example.com');
    await site.getByTestId('sb-start').click();
    await panel.bringToFront();
    await panel.getByTestId('offer-accept').click();
    await expect.poll(() => panel.getByTestId('conversation-item').count(), ROUND_TRIP).toBe(1);
    await panel.getByTestId('conversation-item').first().click();
    await panel.getByTestId('composer-input').fill('Hello Vera, how can I help?');
    await panel.getByTestId('composer-send').click();

    await site.bringToFront();
    await expect.poll(() => site.locator('[data-testid="sb-message"][data-author="agent"]').count(), ROUND_TRIP).toBe(1);
    await site.getByTestId('sb-input').fill('My tap is leaking');
    await site.getByTestId('sb-send').click();
    const mine = site.locator('[data-testid="sb-message"][data-author="visitor"]');
    await expect.poll(() => mine.getAttribute('data-pending'), ROUND_TRIP).toBe('false');
    expect(await widgetViolations(site)).toEqual([]);
  });

  it('a reload mid-chat reopens the panel on the chat with the unsent text, which is gone once sent', async () => {
    await site.getByTestId('sb-input').fill('Is Thursday');
    await site.reload();
    await expect.poll(() => site.getByTestId('sb-status').getAttribute('data-status'), ROUND_TRIP).toBe('active');
    expect(await site.getByTestId('sb-panel').isVisible()).toBe(true);
    expect(await site.getByTestId('sb-input').inputValue()).toBe('Is Thursday');

    await site.getByTestId('sb-input').fill('Is Thursday fine?');
    await site.getByTestId('sb-send').click();
    const mine = site.locator('[data-testid="sb-message"][data-author="visitor"]');
    await expect.poll(() => mine.last().getAttribute('data-pending'), ROUND_TRIP).toBe('false');
    await site.reload();
    await expect.poll(() => site.getByTestId('sb-status').getAttribute('data-status'), ROUND_TRIP).toBe('active');
    expect(await site.getByTestId('sb-panel').isVisible()).toBe(true);
    expect(await site.getByTestId('sb-input').inputValue()).toBe('');
  });

  it('a chat showing a shared calendar with its free slots has no serious axe-core violations', async () => {
    await panel.bringToFront();
    await panel.getByTestId('calendar-share').click();
    await panel.getByTestId('calendar-option').first().locator('input').check();
    await panel.getByTestId('calendar-send').click();
    await expect.poll(() => panel.getByTestId('calendar-picker').count(), ROUND_TRIP).toBe(0);

    await site.bringToFront();
    await expect.poll(() => site.getByTestId('sb-slot').count(), ROUND_TRIP).toBeGreaterThan(0);
    expect(await widgetViolations(site)).toEqual([]);
  });

  it('once the chat has ended the calendar books nothing and the view shows the end notice; no serious axe-core violations', async () => {
    await panel.bringToFront();
    await panel.getByTestId('end-session').click();
    // the end goes out once the 5 s to undo it have passed
    await expect.poll(() => panel.getByTestId('end-session').getAttribute('data-ending')).toBe('true');
    await site.bringToFront();
    await expect.poll(() => site.getByTestId('sb-status').getAttribute('data-status'), { timeout: 15_000 }).toBe('ended');
    await expect.poll(() => site.getByTestId('sb-new-chat').isVisible(), ROUND_TRIP).toBe(true);
    const notice = site.locator('[data-testid="sb-message"][data-author="system"]').last();
    await expect.poll(() => notice.textContent(), ROUND_TRIP).toContain('Chat ended by');
    expect(await site.getByTestId('sb-slot').count()).toBe(0);
    expect(await site.getByTestId('sb-calendar-closed').isVisible()).toBe(true);
    const inView = () =>
      notice.evaluate((el) => {
        const shown = el.closest('[role="log"]')!.getBoundingClientRect();
        const box = el.getBoundingClientRect();
        return box.top >= shown.top && box.bottom <= shown.bottom + 1;
      });
    await expect.poll(inView, ROUND_TRIP).toBe(true);
    expect(await widgetViolations(site)).toEqual([]);
  });

  it('on a site outside SITE_ORIGINS shows no launcher and warns once in the console, naming the origin', async () => {
    const shop = await startCustomerSite(server.url);
    const shopOrigin = shop.origin;
    const page = await browser.context.newPage();
    const warnings: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'warning') warnings.push(message.text());
    });
    try {
      await page.goto(`${shopOrigin}/`);
      await expect.poll(() => warnings, ROUND_TRIP).toEqual([expect.stringContaining(`origin ${shopOrigin}`)]);
      expect(warnings[0]).toContain('SITE_ORIGINS');
      expect(await page.getByTestId('sb-launcher').count()).toBe(1);
      expect(await page.getByTestId('sb-launcher').isVisible()).toBe(false);
    } finally {
      await page.close();
      await shop.close();
    }
  });
});
