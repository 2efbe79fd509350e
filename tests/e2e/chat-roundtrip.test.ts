/**
 * The walking skeleton in a real browser: a visitor on the demo site starts a chat, the extension's
 * worker gets the offer and raises a notification, the agent accepts in the side panel, messages go
 * both ways, and the agent ends the session.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import {
  backgroundRgb,
  badgeText,
  launchWithExtension,
  notificationIds,
  openSidePanel,
  screenshot,
  signIn,
  startServer,
  switchAvailable,
  type ExtensionBrowser,
  type RunningServer,
} from './harness.ts';

const PINNED_EXTENSION_ID = 'lkbcgogbcnepkjocdhjeiopghggaloag';
const VISITOR = { name: 'Vera Visitor', email: 'vera@example.com' };

describe('a chat from the demo site to the side panel and back', () => {
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

  it('loads the extension with its pinned id', () => {
    expect(browser.extensionId).toBe(PINNED_EXTENSION_ID);
  });

  it('signs the demo agent in from the side panel', async () => {
    panel = await openSidePanel(browser);
    await signIn(panel, server.url, server.demoAgent, 'Demo Agent');
  });

  it('the availability toggle switches the agent to available', async () => {
    await switchAvailable(panel);
  });

  it("the worker raises a notification for the visitor's chat request", async () => {
    site = await browser.context.newPage();
    await site.goto(server.siteUrl);
    await site.getByTestId('sb-launcher').click();
    await site.getByTestId('sb-name').fill(VISITOR.name);
    await site.getByTestId('sb-email').fill(VISITOR.email);
    await site.getByTestId('sb-start').click();
    await expect.poll(() => site.getByTestId('sb-status').getAttribute('data-status')).toBe('waiting');

    await expect.poll(() => notificationIds(browser.worker), { timeout: 15_000 }).toEqual([expect.stringMatching(/^offer:/)]);
    await expect.poll(() => badgeText(browser.worker)).toBe('1');
  });

  it('the side panel shows the blue offer banner with a countdown, and no list entry before accepting', async () => {
    await panel.bringToFront();
    const banner = panel.getByTestId('offer-banner');
    await expect.poll(() => banner.isVisible()).toBe(true);
    expect(await panel.getByTestId('offer-visitor-name').textContent()).toContain(VISITOR.name);
    const seconds = Number((await panel.getByTestId('offer-countdown').textContent())?.match(/\d+/)?.[0]);
    expect(seconds).toBeGreaterThan(30);
    expect(seconds).toBeLessThanOrEqual(45);
    const [r, g, b] = await backgroundRgb(panel, 'offer-banner');
    expect(b).toBeGreaterThan(r + 40);
    expect(b).toBeGreaterThan(g);
    expect(await panel.getByTestId('conversation-item').count()).toBe(0);
    await screenshot(panel, 'offer');
  });

  it('accepting opens the conversation with the visitor information, "-" for what was not given', async () => {
    await panel.getByTestId('offer-accept').click();
    await expect.poll(() => panel.getByTestId('offer-banner').count()).toBe(0);
    await expect.poll(() => panel.getByTestId('conversation-item').count()).toBe(1);
    await panel.getByTestId('conversation-item').first().click();
    await expect.poll(() => panel.getByTestId('visitor-name').textContent()).toContain(VISITOR.name);
    expect(await panel.getByTestId('visitor-email').textContent()).toContain(VISITOR.email);
    expect((await panel.getByTestId('visitor-job-title').textContent())?.trim()).toBe('-');
    expect((await panel.getByTestId('visitor-phone').textContent())?.trim()).toBe('-');
    expect((await panel.getByTestId('visitor-crm-status').textContent())?.trim()).toBe('-');
    await expect.poll(() => notificationIds(browser.worker)).toEqual([]);
    await expect.poll(() => site.getByTestId('sb-status').getAttribute('data-status')).toBe('active');
  });

  it('messages go from the agent to the visitor and back', async () => {
    await panel.getByTestId('composer-input').fill('Hello Vera, how can I help?');
    await panel.getByTestId('composer-send').click();
    const agentLine = site.locator('[data-testid="sb-message"][data-author="agent"]');
    await expect.poll(() => agentLine.last().textContent()).toContain('Hello Vera, how can I help?');

    await site.getByTestId('sb-input').fill('My tap is <b>leaking</b>');
    await site.getByTestId('sb-send').click();
    const visitorLine = panel.locator('[data-testid="message"][data-author="visitor"]');
    await expect.poll(() => visitorLine.last().textContent()).toContain('My tap is <b>leaking</b>');
    await screenshot(panel, 'conversation');
    await screenshot(site, 'widget');
  });

  it("the visitor's messages survive a page reload", async () => {
    await site.reload();
    // the panel was open before the reload, so it opens again by itself
    await expect.poll(() => site.getByTestId('sb-panel').isVisible()).toBe(true);
    const lines = site.locator('[data-testid="sb-message"][data-author="visitor"]');
    await expect.poll(() => lines.last().textContent()).toContain('My tap is <b>leaking</b>');
    await expect.poll(() => site.getByTestId('sb-status').getAttribute('data-status')).toBe('active');
  });

  it('reopening the side panel shows the conversation from the cache', async () => {
    await panel.reload();
    await expect.poll(() => panel.getByTestId('conversation-item').count(), { timeout: 3_000 }).toBe(1);
  });

  it('the agent ends the session and the visitor sees the chat ended', async () => {
    await panel.getByTestId('conversation-item').first().click();
    await panel.getByTestId('end-session').click();
    // the end goes out once the 5 s to undo it have passed
    await expect.poll(() => panel.getByTestId('end-session').getAttribute('data-ending')).toBe('true');
    await expect.poll(() => site.getByTestId('sb-status').getAttribute('data-status'), { timeout: 15_000 }).toBe('ended');
    await expect.poll(() => panel.getByTestId('composer-input').isDisabled()).toBe(true);
  });
});
