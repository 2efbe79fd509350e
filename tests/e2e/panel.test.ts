/**
 * Every side-panel screen at 360 px and wide, in the light and the dark colour scheme, in German with a
 * long agent name: the header keeps the availability switch whole and the name readable, and axe-core
 * finds no serious or critical violation on the conversation list, the header menu, the schedule and
 * meeting settings, the offer banner and an open chat.
 */
import { spawnSync } from 'node:child_process';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousViolations } from './axe.ts';
import {
  chooseFromMenu,
  launchWithExtension,
  openSidePanel,
  screenshot,
  signIn,
  startServer,
  switchAvailable,
  visitorStartsChat,
  type ExtensionBrowser,
  type RunningServer,
} from './harness.ts';

const AGENT = { email: 'annemarie@example.com', name: 'Annemarie Schwarzenberger', password: '' };
const NARROW = { width: 360, height: 640 };
const WIDE = { width: 1000, height: 760 };

/** A colleague with a long German name; the CLI makes up the password and prints it. */
function createAgent(server: RunningServer): void {
  const args = ['server/src/admin.ts', 'create-agent', '--email', AGENT.email, '--name', AGENT.name];
  const run = spawnSync(process.execPath, args, { env: { ...process.env, DATA_DIR: server.dataDir, DATABASE_URL: '' }, encoding: 'utf8' });
  const password = run.stdout.match(/^password: (\S+)$/m)?.[1];
  if (run.status !== 0 || !password) throw new Error(`create-agent failed: ${run.stderr}`);
  AGENT.password = password;
}

/** axe-core on the screen as it is, at both widths and in both colour schemes; the size it was at stays. */
async function violationsEverywhere(panel: Page): Promise<string[]> {
  const found: string[] = [];
  for (const size of [NARROW, WIDE]) {
    await panel.setViewportSize(size);
    for (const colorScheme of ['light', 'dark'] as const) {
      await panel.emulateMedia({ colorScheme });
      found.push(...(await seriousViolations(panel)).map((v) => `${size.width} px ${colorScheme}: ${v}`));
    }
  }
  await panel.emulateMedia({ colorScheme: null });
  return found;
}

async function visitorStarts(browser: ExtensionBrowser, origin: string, name: string): Promise<Page> {
  const site = await visitorStartsChat(browser.context, origin, name);
  await expect.poll(() => site.getByTestId('sb-status').getAttribute('data-status')).toBe('waiting');
  return site;
}

interface Box {
  left: number;
  right: number;
  top: number;
  bottom: number;
}

/** Where an element is drawn, and whether its text is cut or on more than one line. */
function measure(panel: Page, testId: string) {
  return panel.getByTestId(testId).evaluate((el) => {
    const box = (e: Element): Box => {
      const r = e.getBoundingClientRect();
      return { left: r.left, right: r.right, top: r.top, bottom: r.bottom };
    };
    const text = document.createRange();
    text.selectNodeContents(el);
    return {
      box: box(el),
      cut: el.scrollWidth > el.clientWidth,
      lines: new Set([...text.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.bottom))).size,
      track: el.querySelector('.track') ? box(el.querySelector('.track')!) : null,
      thumb: el.querySelector('.thumb') ? box(el.querySelector('.thumb')!) : null,
    };
  });
}

const inside = (inner: Box, outer: Box) =>
  inner.left >= outer.left - 0.5 && inner.right <= outer.right + 0.5 && inner.top >= outer.top - 0.5 && inner.bottom <= outer.bottom + 0.5;

describe('the side panel at 360 px and wide, light and dark', () => {
  let server: RunningServer;
  let browser: ExtensionBrowser;
  let panel: Page;

  beforeAll(async () => {
    server = await startServer();
    createAgent(server);
    browser = await launchWithExtension({ locale: 'de-DE' });
    panel = await openSidePanel(browser);
    await panel.setViewportSize(NARROW);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('signs in in German, goes available, and a schedule exception makes the switch say until when', async () => {
    await signIn(panel, server.url, AGENT, AGENT.name);
    await switchAvailable(panel);

    await chooseFromMenu(panel, 'open-settings');
    await panel.getByTestId('add-exception').click();
    await panel.getByTestId('exception-0').getByTestId('add-block').click();
    await panel.getByTestId('exception-0').getByTestId('block-start').fill('00:00');
    await panel.getByTestId('exception-0').getByTestId('block-end').fill('23:59');
    await panel.getByTestId('save-schedule').click();
    await expect.poll(() => panel.getByTestId('schedule-saved').count()).toBe(1);
    expect(await violationsEverywhere(panel)).toEqual([]);
    await panel.getByTestId('close-settings').click();
    await expect.poll(() => panel.getByTestId('availability-label').textContent()).toMatch(/^Verfügbar bis .+ \(Zeitplan\)$/);
  });

  it('at 360 px the header shows the whole name, the whole switch and its label on one line; Sign out is in the menu', async () => {
    await panel.setViewportSize(NARROW);
    const header = await panel.locator('header.header').evaluate((el) => el.getBoundingClientRect().toJSON() as Box);
    const name = await measure(panel, 'agent-name');
    expect(name.cut).toBe(false);
    expect(await panel.getByTestId('agent-name').getAttribute('title')).toBe(AGENT.name);

    const toggle = await measure(panel, 'availability-toggle');
    expect(inside(toggle.track!, header)).toBe(true);
    expect(inside(toggle.thumb!, toggle.track!)).toBe(true);
    expect(toggle.track!.right).toBeLessThanOrEqual(NARROW.width);
    const label = await measure(panel, 'availability-label');
    expect(label.lines).toBe(1);
    expect(inside(label.box, header)).toBe(true);

    expect(await panel.getByTestId('sign-out').isVisible()).toBe(false);
    await panel.getByTestId('header-menu').click();
    expect(await panel.getByTestId('sign-out').isVisible()).toBe(true);
    expect(await panel.getByTestId('sign-out').textContent()).toContain('Abmelden');
    expect((await measure(panel, 'sign-out')).lines).toBe(1);
    await screenshot(panel, 'panel-header-narrow-de');
    expect(await violationsEverywhere(panel)).toEqual([]);
    await panel.keyboard.press('Escape');
    await expect.poll(() => panel.getByTestId('sign-out').isVisible()).toBe(false);
  });

  it('wide, the header is one line: name, switch with its label, menu', async () => {
    await panel.setViewportSize(WIDE);
    const name = await measure(panel, 'agent-name');
    const toggle = await measure(panel, 'availability-toggle');
    const menu = await measure(panel, 'header-menu');
    expect(name.cut).toBe(false);
    expect(toggle.box.top).toBeLessThan(name.box.bottom);
    expect(menu.box.left).toBeGreaterThanOrEqual(toggle.box.right);
    expect((await measure(panel, 'availability-label')).lines).toBe(1);
    await panel.setViewportSize(NARROW);
  });

  it('the conversation list passes axe', async () => {
    await expect.poll(() => panel.getByTestId('conversation-list').isVisible()).toBe(true);
    expect(await violationsEverywhere(panel)).toEqual([]);
  });

  it('the meeting settings pass axe, with their "saved" line showing', async () => {
    await chooseFromMenu(panel, 'open-meetings');
    await panel.getByTestId('meetings-takes').check();
    await panel.getByTestId('meetings-time-zone').fill('UTC');
    await panel.getByTestId('save-meetings').click();
    await expect.poll(() => panel.getByTestId('meetings-saved').count()).toBe(1);
    expect(await violationsEverywhere(panel)).toEqual([]);
    await panel.getByTestId('close-meetings').click();
  });

  it("the offer banner shows the visitor's first message and page; two requests stack; both pass axe", async () => {
    const vera = await visitorStarts(browser, server.siteUrl, 'Vera Visitor');
    await vera.getByTestId('sb-input').fill('Is the blue boiler in stock?');
    await vera.getByTestId('sb-send').click();
    await panel.bringToFront();
    const banner = panel.getByTestId('offer-banner');
    await expect.poll(() => banner.count(), { timeout: 15_000 }).toBe(1);
    await expect.poll(() => panel.getByTestId('offer-first-message').textContent()).toBe('Is the blue boiler in stock?');
    expect(await panel.getByTestId('offer-page').getAttribute('title')).toBe(server.siteUrl);
    expect(await violationsEverywhere(panel)).toEqual([]);

    await visitorStarts(browser, server.siteUrl.replace('localhost', '127.0.0.1'), 'Walt Waiting');
    await panel.bringToFront();
    await expect.poll(() => banner.count(), { timeout: 15_000 }).toBe(2);
    expect(await banner.first().getByTestId('offer-visitor-name').textContent()).toBe('Walt Waiting');
    expect(await panel.locator('[data-testid="offer-banner"][data-compact="true"]').getByTestId('offer-visitor-name').textContent()).toBe('Vera Visitor');
    await panel.setViewportSize(NARROW);
    await screenshot(panel, 'panel-offers-narrow-de');
    expect(await violationsEverywhere(panel)).toEqual([]);
  });

  it('an open chat passes axe, with the visitor folded and unfolded', async () => {
    // Vera's request, now the compact row: its answers are reached by keyboard
    await panel.locator('[data-testid="offer-banner"][data-compact="true"]').getByTestId('offer-accept').focus();
    await panel.keyboard.press('Enter');
    await expect.poll(() => panel.getByTestId('conversation-item').count()).toBe(1);
    // Vera's row leaves the stack and Walt's request is the only one left, shown in full: decline it then,
    // not while the banner is re-rendering (a click on a node being replaced is lost)
    await expect.poll(() => panel.getByTestId('offer-banner').count()).toBe(1);
    await expect.poll(() => panel.locator('[data-testid="offer-banner"][data-compact="true"]').count()).toBe(0);
    await panel.getByTestId('offer-decline').click();
    await expect.poll(() => panel.getByTestId('offer-banner').count()).toBe(0);
    await panel.getByTestId('conversation-item').first().click();
    await expect.poll(() => panel.getByTestId('message-list').isVisible()).toBe(true);
    expect(await violationsEverywhere(panel)).toEqual([]);
    await panel.setViewportSize(NARROW);
    // the folded visitor is one line: its summary and End session
    expect((await measure(panel, 'end-session')).lines).toBe(1);
    expect((await panel.getByTestId('visitor-panel').boundingBox())!.height).toBeLessThan(60);
    await screenshot(panel, 'panel-chat-narrow-de');
    await panel.getByTestId('visitor-summary').click();
    await expect.poll(() => panel.getByTestId('activity-history').isVisible()).toBe(true);
    expect(await violationsEverywhere(panel)).toEqual([]);
  });
});
