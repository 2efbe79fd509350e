/**
 * Availability in a real browser: the agent edits their schedule in the settings screen; switched
 * unavailable in the side panel they get no offer while their active chat keeps working; switched
 * available again they get the next one.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  chooseFromMenu,
  launchWithExtension,
  openSidePanel,
  signIn,
  startServer,
  switchAvailable,
  visitorStartsChat,
  type ExtensionBrowser,
  type RunningServer,
} from './harness.ts';

const visitorStarts = (browser: ExtensionBrowser, origin: string, name: string) => visitorStartsChat(browser.context, origin, name);

describe('availability in the side panel', () => {
  let server: RunningServer;
  let browser: ExtensionBrowser;
  let panel: Page;
  let first: Page;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchWithExtension();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('signs the demo agent in and switches them available', async () => {
    panel = await openSidePanel(browser);
    await signIn(panel, server.url, server.demoAgent, 'Demo Agent');
    await switchAvailable(panel);
  });

  it('the agent sees and changes their schedule in the settings screen', async () => {
    await chooseFromMenu(panel, 'open-settings');
    await expect.poll(() => panel.getByTestId('no-schedule').count()).toBe(1);
    expect(await panel.getByTestId('time-zone').inputValue()).not.toBe('');

    // extra hours today, all day: the schedule now makes the agent available
    await panel.getByTestId('add-exception').click();
    await panel.getByTestId('exception-0').getByTestId('add-block').click();
    await panel.getByTestId('exception-0').getByTestId('block-start').fill('00:00');
    await panel.getByTestId('exception-0').getByTestId('block-end').fill('23:59');
    await panel.getByTestId('save-schedule').click();
    await expect.poll(() => panel.getByTestId('schedule-saved').count()).toBe(1);
    await panel.getByTestId('close-settings').click();
    await expect.poll(() => panel.getByTestId('availability-label').textContent()).toMatch(/\(schedule\)$/);

    // back to the toggle alone
    await chooseFromMenu(panel, 'open-settings');
    await expect.poll(() => panel.getByTestId('exception').count()).toBe(1);
    await panel.getByTestId('clear-schedule').click();
    await expect.poll(() => panel.getByTestId('no-schedule').count()).toBe(1);
    await panel.getByTestId('close-settings').click();
    await expect.poll(() => panel.getByTestId('availability-label').textContent()).toBe('Available');
  });

  it('an active chat is accepted while available', async () => {
    first = await visitorStarts(browser, server.siteUrl, 'First Visitor');
    await panel.bringToFront();
    await panel.getByTestId('offer-accept').click();
    await expect.poll(() => first.getByTestId('sb-status').getAttribute('data-status')).toBe('active');
  });

  it('switched unavailable, the agent gets no offer while the active chat keeps working', async () => {
    const toggle = panel.getByTestId('availability-toggle');
    await toggle.click();
    await expect.poll(() => toggle.getAttribute('aria-checked')).toBe('false');
    expect(await panel.getByTestId('availability-label').textContent()).toBe('Unavailable');

    // a second visitor, on the site's other allowed origin (its own visitor session)
    const second = await visitorStarts(browser, server.siteUrl.replace('localhost', '127.0.0.1'), 'Second Visitor');
    await expect.poll(() => second.getByTestId('sb-status').getAttribute('data-status')).toBe('missed');
    expect(await panel.getByTestId('offer-banner').count()).toBe(0);

    await panel.getByTestId('conversation-item').first().click();
    await panel.getByTestId('composer-input').fill('Still with you while away');
    await panel.getByTestId('composer-send').click();
    const agentLine = first.locator('[data-testid="sb-message"][data-author="agent"]');
    await expect.poll(() => agentLine.last().textContent()).toContain('Still with you while away');
    await first.getByTestId('sb-input').fill('Thanks!');
    await first.getByTestId('sb-send').click();
    const visitorLine = panel.locator('[data-testid="message"][data-author="visitor"]');
    await expect.poll(() => visitorLine.last().textContent()).toContain('Thanks!');
    await second.close();
  });

  it('switched available again, the agent gets the next chat', async () => {
    const toggle = panel.getByTestId('availability-toggle');
    await toggle.click();
    await expect.poll(() => toggle.getAttribute('aria-checked')).toBe('true');
    const third = await visitorStarts(browser, server.siteUrl.replace('localhost', '127.0.0.1'), 'Third Visitor');
    await panel.bringToFront();
    await expect.poll(() => panel.getByTestId('offer-visitor-name').textContent(), { timeout: 15_000 }).toContain('Third Visitor');
    await third.close();
  });
});
