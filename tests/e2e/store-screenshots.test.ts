/**
 * The screenshots for the store listings (docs/STORE.md), at the stores' 1280×800, from a real run: a
 * visitor's chat request, the open chat with the visitor's details, and the narrow side panel beside the
 * website the visitor is on.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchWithExtension, openSidePanel, signIn, startServer, switchAvailable, type ExtensionBrowser, type RunningServer } from './harness.ts';

const STORE_SCREENSHOTS = resolve('docs/store');
const STORE_SIZE = { width: 1280, height: 800 };
const PANEL_WIDTH = 400;
const VISITOR = { name: 'Maria Lindqvist', email: 'maria@example.com' };

/** Width and height from a PNG's IHDR chunk. */
function pngSize(file: string): { width: number; height: number } {
  const png = readFileSync(file);
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

async function saveForStore(page: Page, name: string): Promise<string> {
  mkdirSync(STORE_SCREENSHOTS, { recursive: true });
  const file = join(STORE_SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}

describe('store screenshots', () => {
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

  it('the demo agent signs in and goes available', async () => {
    panel = await openSidePanel(browser);
    await panel.setViewportSize(STORE_SIZE);
    await signIn(panel, server.url, server.demoAgent, 'Demo Agent');
    await switchAvailable(panel);
  });

  it('saves a visitor’s chat request in the inbox at 1280×800', async () => {
    site = await browser.context.newPage();
    await site.setViewportSize({ width: STORE_SIZE.width - PANEL_WIDTH, height: STORE_SIZE.height });
    await site.goto(server.siteUrl);
    await site.getByTestId('sb-launcher').click();
    await site.getByTestId('sb-name').fill(VISITOR.name);
    await site.getByTestId('sb-email').fill(VISITOR.email);
    await site.getByTestId('sb-start').click();
    await site.getByTestId('sb-input').fill('Hello! Does the blue boiler come with installation?');
    await site.getByTestId('sb-send').click();
    await panel.bringToFront();
    await expect.poll(() => panel.getByTestId('offer-banner').textContent(), { timeout: 15_000 }).toContain('blue boiler');

    expect(pngSize(await saveForStore(panel, 'chat-request'))).toEqual(STORE_SIZE);
  });

  it('saves the accepted chat with the visitor’s details at 1280×800', async () => {
    await panel.getByTestId('offer-accept').click();
    await expect.poll(() => site.getByTestId('sb-status').getAttribute('data-status')).toBe('active');
    await panel.getByTestId('conversation-item').first().click();
    await panel.getByTestId('composer-input').fill('Yes, installation is included within 50 km. Shall I book a visit for you?');
    await panel.getByTestId('composer-send').click();
    await expect.poll(() => site.locator('[data-testid="sb-message"][data-author="agent"]').last().textContent()).toContain('book a visit');
    await expect.poll(() => panel.getByTestId('visitor-name').textContent()).toContain(VISITOR.name);

    expect(pngSize(await saveForStore(panel, 'conversation'))).toEqual(STORE_SIZE);
  });

  it('saves the narrow side panel beside the visitor’s website at 1280×800', async () => {
    await panel.setViewportSize({ width: PANEL_WIDTH, height: STORE_SIZE.height });
    await expect.poll(() => panel.getByTestId('composer-input').isVisible()).toBe(true);
    const [sitePng, panelPng] = await Promise.all([site.screenshot(), panel.screenshot()]);
    const both = await browser.context.newPage();
    await both.setViewportSize(STORE_SIZE);
    await both.setContent(
      `<body style="margin:0;display:flex;background:#888">` +
        `<img alt="" src="data:image/png;base64,${sitePng.toString('base64')}" width="${STORE_SIZE.width - PANEL_WIDTH - 1}" height="${STORE_SIZE.height}" style="object-fit:cover;object-position:left">` +
        `<img alt="" src="data:image/png;base64,${panelPng.toString('base64')}" width="${PANEL_WIDTH}" height="${STORE_SIZE.height}" style="margin-left:1px">` +
        `</body>`,
    );
    await expect.poll(() => both.locator('img').evaluateAll((imgs) => imgs.every((img) => (img as HTMLImageElement).complete))).toBe(true);

    expect(pngSize(await saveForStore(both, 'beside-your-site'))).toEqual(STORE_SIZE);
  });
});
