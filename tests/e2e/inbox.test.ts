/**
 * The complete inbox in a real browser: alerts that reach the agent with the side panel closed, accepting
 * from the notification's button, from the banner and from the keyboard, the visitor panel, the activity
 * history with a transcript download, Active vs All, typing both ways, an axe-core check of each main
 * screen, and a screenshot of each for the README (docs/screenshots).
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { BrowserContext, Page, Worker } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  badgeText,
  launchWithExtension,
  notificationIds,
  pressNotificationButton,
  startServer,
  switchAvailable,
  visitorStartsChat,
  type ExtensionBrowser,
  type RunningServer,
} from './harness.ts';
import { seriousViolations } from './axe.ts';

const DOCS_SCREENSHOTS = resolve('docs/screenshots');

async function shoot(page: Page, name: string): Promise<void> {
  mkdirSync(DOCS_SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(DOCS_SCREENSHOTS, `${name}.png`) });
}

function hasOffscreenDocument(worker: Worker): Promise<boolean> {
  return worker.evaluate(() =>
    (globalThis as unknown as { chrome: { offscreen: { hasDocument(): Promise<boolean> } } }).chrome.offscreen.hasDocument(),
  );
}

async function startVisitorChat(context: BrowserContext, siteUrl: string, name: string, email: string): Promise<Page> {
  const site = await visitorStartsChat(context, siteUrl, name, email);
  await expect.poll(() => site.getByTestId('sb-status').getAttribute('data-status')).toBe('waiting');
  return site;
}

describe('the inbox, complete', () => {
  let server: RunningServer;
  let browser: ExtensionBrowser;
  let panel: Page;
  let first: Page;
  let second: Page;
  const panelUrl = () => `chrome-extension://${browser.extensionId}/sidepanel.html`;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchWithExtension();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('the sign-in screen passes the axe-core check', async () => {
    panel = await browser.context.newPage();
    await panel.goto(panelUrl());
    await panel.getByTestId('signin-server').fill(server.url);
    await panel.getByTestId('signin-email').fill(server.demoAgent.email);
    await shoot(panel, 'sign-in');
    expect(await seriousViolations(panel)).toEqual([]);
    await panel.getByTestId('signin-password').fill(server.demoAgent.password);
    await panel.getByTestId('signin-submit').click();
    // checking a password is slow on purpose (and slower on a loaded machine)
    await expect.poll(() => panel.getByTestId('agent-name').textContent(), { timeout: 15_000 }).toContain('Demo Agent');
    await switchAvailable(panel);
    await expect.poll(() => panel.getByTestId('connection-banner').count()).toBe(0);
  });

  it('raises the offer notification, badge and sound with the side panel closed', async () => {
    await panel.close();
    first = await startVisitorChat(browser.context, server.siteUrl, 'Vera Visitor', 'vera@example.com');
    await expect.poll(() => notificationIds(browser.worker), { timeout: 15_000 }).toEqual([expect.stringMatching(/^offer:/)]);
    await expect.poll(() => badgeText(browser.worker)).toBe('1');
    // the chime plays from the offscreen document: no extension page is open
    await expect.poll(() => hasOffscreenDocument(browser.worker)).toBe(true);
  });

  it("accepts from the notification's Accept button", async () => {
    const [id] = await notificationIds(browser.worker);
    await pressNotificationButton(browser.worker, id!, 0);
    await expect.poll(() => first.getByTestId('sb-status').getAttribute('data-status')).toBe('active');
    await expect.poll(() => notificationIds(browser.worker)).toEqual([]);
  });

  it('the side panel opens from the cache on the accepted chat, "-" for what the visitor did not give', async () => {
    panel = await browser.context.newPage();
    await panel.goto(panelUrl());
    await expect.poll(() => panel.getByTestId('conversation-item').count()).toBe(1);
    await panel.getByTestId('conversation-item').first().click();
    await expect.poll(() => panel.getByTestId('visitor-name').textContent()).toContain('Vera Visitor');
    for (const field of ['visitor-job-title', 'visitor-phone', 'visitor-crm-status']) {
      expect((await panel.getByTestId(field).textContent())?.trim(), field).toBe('-');
    }
  });

  it('shows typing both ways', async () => {
    await first.getByTestId('sb-input').pressSequentially('Hel');
    await expect.poll(() => panel.getByTestId('typing-indicator').textContent()).toContain('Vera Visitor is typing');
    await panel.getByTestId('composer-input').pressSequentially('Hi');
    await expect.poll(() => first.getByTestId('sb-typing').textContent()).toContain('is typing');
    await first.getByTestId('sb-input').fill('Hello, is the blue boiler in stock?');
    await first.getByTestId('sb-send').click();
    await panel.getByTestId('composer-input').fill('Yes, we have three.');
    await panel.getByTestId('composer-send').click();
    await expect.poll(() => first.locator('[data-testid="sb-message"][data-author="agent"]').last().textContent()).toContain('three');
  });

  it('accepts a second chat from the blue banner; the inbox passes axe with an offer showing', async () => {
    // another origin of the demo site, so this visitor has a session of their own
    second = await startVisitorChat(browser.context, `${server.url}/`, 'Walt Waiting', 'walt@example.com');
    await panel.bringToFront();
    await expect.poll(() => panel.getByTestId('offer-banner').count(), { timeout: 15_000 }).toBe(1);
    await shoot(panel, 'offer');
    expect(await seriousViolations(panel)).toEqual([]);
    await panel.getByTestId('offer-accept').click();
    await expect.poll(() => panel.getByTestId('conversation-item').count()).toBe(2);
    await expect.poll(() => second.getByTestId('sb-status').getAttribute('data-status')).toBe('active');
  });

  it('ends a chat; a new chat from the same visitor is accepted with Alt+A and shows the activity history', async () => {
    await panel.locator('[data-testid="conversation-item"]', { hasText: 'Vera Visitor' }).click();
    await panel.getByTestId('end-session').click();
    // the end goes out once the 5 s to undo it have passed
    await expect.poll(() => first.getByTestId('sb-status').getAttribute('data-status'), { timeout: 15_000 }).toBe('ended');
    await first.getByTestId('sb-new-chat').click();
    await first.getByTestId('sb-name').fill('Vera Visitor');
    await first.getByTestId('sb-email').fill('vera@example.com');
    await first.getByTestId('sb-start').click();
    await expect.poll(() => panel.getByTestId('offer-banner').count(), { timeout: 15_000 }).toBe(1);
    await panel.keyboard.press('Alt+KeyA');
    await expect.poll(() => first.getByTestId('sb-status').getAttribute('data-status')).toBe('active');
    // newest first: the two chats, then the visit of the page the visitor opened before the first one
    await expect.poll(() => panel.getByTestId('activity-item').count()).toBe(4);
    const types = await panel.getByTestId('activity-item').evaluateAll((els) => els.map((el) => el.getAttribute('data-type')));
    expect(types).toEqual(['chat_started', 'chat_ended', 'chat_started', 'page_visit']);
    await shoot(panel, 'conversation');
    expect(await seriousViolations(panel)).toEqual([]);
  });

  it('opens the ended chat’s transcript in place and downloads it as a .txt file', async () => {
    await panel.getByTestId('activity-transcript').nth(1).click();
    await expect.poll(() => panel.getByTestId('transcript').textContent()).toContain('blue boiler');
    const [download] = await Promise.all([panel.waitForEvent('download'), panel.getByTestId('transcript-download').click()]);
    expect(download.suggestedFilename()).toMatch(/^transcript-Vera-Visitor-\d{4}-\d{2}-\d{2}\.txt$/);
    const text = readFileSync((await download.path())!, 'utf8');
    expect(text).toContain('Chat with Vera Visitor');
    expect(text).toContain('Hello, is the blue boiler in stock?');
    expect(text).toContain('Yes, we have three.');
  });

  it('Active lists only open chats; All adds past ones', async () => {
    await expect.poll(() => panel.getByTestId('conversation-item').count()).toBe(2);
    await panel.getByTestId('filter-all').click();
    await expect.poll(() => panel.getByTestId('conversation-item').count()).toBe(3);
    expect(await panel.locator('[data-testid="conversation-item"][data-status="ended"]').count()).toBe(1);
    await shoot(panel, 'all-conversations');
    expect(await seriousViolations(panel)).toEqual([]);
    await panel.getByTestId('filter-active').click();
    await expect.poll(() => panel.getByTestId('conversation-item').count()).toBe(2);
  });

  it('stacks in a narrow (360 px) panel and follows a dark system theme', async () => {
    await panel.setViewportSize({ width: 360, height: 720 });
    await panel.emulateMedia({ colorScheme: 'dark' });
    await expect.poll(() => panel.getByTestId('conversation-list').isVisible()).toBe(false);
    await expect.poll(() => panel.getByTestId('visitor-panel').isVisible()).toBe(true);
    // the visitor folds to one line above the chat, which keeps the height; the summary unfolds the rest
    const summary = panel.getByTestId('visitor-summary');
    expect(await summary.getAttribute('aria-expanded')).toBe('false');
    expect(await summary.textContent()).toContain('Vera Visitor · vera@example.com');
    expect(await panel.getByTestId('visitor-email').isVisible()).toBe(false);
    expect(await panel.getByTestId('activity-history').isVisible()).toBe(false);
    expect((await panel.getByTestId('visitor-panel').boundingBox())!.height).toBeLessThan(60);
    await summary.click();
    await expect.poll(() => panel.getByTestId('visitor-email').isVisible()).toBe(true);
    expect(await panel.getByTestId('activity-history').isVisible()).toBe(true);
    await summary.click();
    await expect.poll(() => panel.getByTestId('visitor-email').isVisible()).toBe(false);
    await shoot(panel, 'narrow-dark');
    expect(await seriousViolations(panel)).toEqual([]);
    await panel.keyboard.press('Escape');
    await expect.poll(() => panel.getByTestId('conversation-list').isVisible()).toBe(true);
    await shoot(panel, 'narrow-list');
  });
});
