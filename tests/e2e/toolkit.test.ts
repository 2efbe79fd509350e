/**
 * The agent toolkit in a real browser (issue 15): a saved reply inserted with `/`, an internal note the
 * agent sees and the widget never shows, the visitor's "Seen" and rating, and finding the ended chat
 * from All by a word from the middle of it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { seriousViolations } from './axe.ts';
import {
  chooseFromMenu,
  launchWithExtension,
  openSidePanel,
  screenshot,
  signIn,
  startServer,
  switchAvailable,
  type ExtensionBrowser,
  type RunningServer,
} from './harness.ts';

const VISITOR = { name: 'Vera Visitor', email: 'vera@example.com' };
const NOTE = 'Reseller account, check the partner discount';
const RARE_WORD = 'periwinkle';

describe('the agent toolkit from the side panel to the widget', () => {
  let server: RunningServer;
  let browser: ExtensionBrowser;
  let panel: Page;
  let site: Page;

  const widgetLines = () => site.locator('[data-testid="sb-message"]').allTextContents();

  beforeAll(async () => {
    server = await startServer();
    browser = await launchWithExtension();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('the agent takes a chat from the demo site', async () => {
    panel = await openSidePanel(browser);
    await signIn(panel, server.url, server.demoAgent, 'Demo Agent');
    await switchAvailable(panel);

    site = await browser.context.newPage();
    await site.goto(server.siteUrl);
    await site.getByTestId('sb-launcher').click();
    await site.getByTestId('sb-name').fill(VISITOR.name);
    await site.getByTestId('sb-email').fill(VISITOR.email);
    await site.getByTestId('sb-start').click();
    await panel.bringToFront();
    await panel.getByTestId('offer-accept').click({ timeout: 20_000 });
    await expect.poll(() => panel.getByTestId('conversation-item').count()).toBe(1);
    await panel.getByTestId('conversation-item').first().click();
    await expect.poll(() => site.getByTestId('sb-status').getAttribute('data-status')).toBe('active');
  });

  it('the agent saves a personal reply on the Saved replies screen, whose Delete asks first, with no serious accessibility violations', async () => {
    await chooseFromMenu(panel, 'open-saved-replies');
    await expect.poll(() => panel.getByTestId('replies-empty').isVisible()).toBe(true);
    await panel.getByTestId('reply-new').click();
    await panel.getByTestId('reply-shortcut').fill('thanks');
    await panel.getByTestId('reply-body').fill('Thank you {visitor.name}, {agent.name} here.');
    expect(await seriousViolations(panel)).toEqual([]);
    await panel.getByTestId('reply-save').click();
    await expect.poll(() => panel.getByTestId('saved-reply').allTextContents()).toEqual([expect.stringContaining('/thanks')]);
    // Delete asks first; Escape keeps the reply and the screen
    await panel.getByTestId('reply-delete').click();
    await expect.poll(() => panel.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('reply-keep');
    expect(await panel.getByRole('alertdialog').textContent()).toContain('Delete /thanks?');
    expect(await seriousViolations(panel)).toEqual([]);
    await panel.keyboard.press('Escape');
    await expect.poll(() => panel.getByRole('alertdialog').count()).toBe(0);
    expect(await panel.getByTestId('saved-reply').allTextContents()).toEqual([expect.stringContaining('/thanks')]);
    await panel.getByTestId('close-saved-replies').click();
  });

  it('"/" in the message box lists the reply; Enter inserts it with the names filled in, and it reaches the visitor', async () => {
    const input = panel.getByTestId('composer-input');
    await input.fill('/tha');
    await expect.poll(() => panel.getByTestId('reply-option').allTextContents()).toEqual([expect.stringContaining('/thanks')]);
    expect(await input.getAttribute('aria-expanded')).toBe('true');
    expect(await seriousViolations(panel)).toEqual([]);
    await input.press('Enter');
    await expect.poll(() => input.inputValue()).toBe('Thank you Vera Visitor, Demo Agent here.');
    await input.press('Enter');
    await expect.poll(widgetLines).toContainEqual(expect.stringContaining('Thank you Vera Visitor, Demo Agent here.'));
  });

  it('a note shows to the agent, marked as a note, and never in the widget', async () => {
    await panel.getByTestId('composer-note').click();
    await panel.getByTestId('composer-input').fill(NOTE);
    await panel.getByTestId('composer-send').click();
    const note = panel.locator('[data-testid="message"][data-note="true"]');
    await expect.poll(() => note.last().textContent()).toContain(NOTE);
    await expect.poll(() => note.last().getByTestId('note-label').isVisible()).toBe(true);
    await screenshot(panel, 'toolkit-note');

    // a message written after the note reaches the widget: by then the note would have too
    await panel.getByTestId('composer-note').click();
    await panel.getByTestId('composer-input').fill('One moment please.');
    await panel.getByTestId('composer-send').click();
    await expect.poll(widgetLines).toContainEqual(expect.stringContaining('One moment please.'));
    expect((await widgetLines()).join('\n')).not.toContain(NOTE);
    const widgetText = await site.evaluate(() => document.getElementById('switchboard-widget')?.shadowRoot?.textContent ?? '');
    expect(widgetText).not.toContain(NOTE);
  });

  it('the visitor sees "Seen" under their last message once the agent has read it', async () => {
    for (const line of ['The order was placed on Monday.', `The parcel was ${RARE_WORD} blue, with a dent.`, 'Can you send a new one?']) {
      await site.getByTestId('sb-input').fill(line);
      await site.getByTestId('sb-send').click();
    }
    const visitorLines = panel.locator('[data-testid="message"][data-author="visitor"]');
    await expect.poll(() => visitorLines.last().textContent()).toContain('Can you send a new one?');
    await panel.getByTestId('composer-input').fill('A new one is on its way.');
    await panel.getByTestId('composer-send').click();
    const seen = site.locator('[data-testid="sb-message"]:has([data-testid="sb-seen"])');
    await expect.poll(() => seen.textContent(), { timeout: 10_000 }).toContain('Can you send a new one?');
  });

  it('after the chat ends the visitor rates it with the keyboard, and the agent sees the rating', async () => {
    await panel.getByTestId('end-session').click();
    await expect.poll(() => site.getByTestId('sb-status').getAttribute('data-status'), { timeout: 15_000 }).toBe('ended');
    await expect.poll(() => site.getByTestId('sb-rate').isVisible()).toBe(true);
    expect(await seriousViolations(site, '#switchboard-widget')).toEqual([]);

    const stars = site.getByTestId('sb-star');
    await stars.nth(3).focus();
    await site.keyboard.press('Enter');
    expect(await stars.nth(3).getAttribute('aria-pressed')).toBe('true');
    await site.getByTestId('sb-rate-comment').fill('Quick and kind');
    await site.getByTestId('sb-rate-send').click();
    await expect.poll(() => site.getByTestId('sb-rate-thanks').isVisible()).toBe(true);

    const rating = panel.getByTestId('conversation-rating');
    await expect.poll(() => rating.getAttribute('data-score'), { timeout: 10_000 }).toBe('4');
    expect(await rating.textContent()).toContain('Quick and kind');
    await screenshot(site, 'toolkit-rating');
  });

  it('All finds the chat by a word from its middle, highlights it, and opens the chat at that message', async () => {
    await panel.getByTestId('filter-all').click();
    await panel.getByTestId('conversation-search').fill(RARE_WORD);
    const hit = panel.getByTestId('search-hit');
    await expect.poll(() => hit.count(), { timeout: 10_000 }).toBe(1);
    expect(await hit.locator('mark').allTextContents()).toEqual([RARE_WORD]);
    expect(await hit.getByTestId('search-snippet').textContent()).toContain(`${RARE_WORD} blue`);
    expect(await seriousViolations(panel)).toEqual([]);
    await screenshot(panel, 'toolkit-search');

    await hit.click();
    const found = panel.locator('[data-testid="message"][data-found="true"]');
    await expect.poll(() => found.textContent()).toContain(`The parcel was ${RARE_WORD} blue`);
    await expect.poll(() => found.isVisible()).toBe(true);
  });
});
