/**
 * A browser in German (SPEC R20): the agent's panel and the visitor's widget say the service's own
 * lines in German, not in the English the server stores as their fallback text: the offer, the agent
 * joining, the chat ended by the agent, the chat ended for inactivity, and the fallback message.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHIPPED_FALLBACK_MESSAGES } from '../../server/services/fallback-messages.ts';
import { launchWithExtension, openSidePanel, signIn, startServer, switchAvailable, type ExtensionBrowser, type RunningServer } from './harness.ts';

/** what waits on the server, the extension or a reload: slow on a loaded machine */
const ROUND_TRIP = { timeout: 10_000 };
/** short enough to wait for, long enough to check a chat and end it by hand first */
const IDLE_TIMEOUT_MS = 20_000;
const AGENT = 'Demo Agent';

const panelLines = (panel: Page) => panel.locator('[data-testid="message"][data-author="system"] .body').allTextContents();
const widgetLines = (site: Page) => site.locator('[data-testid="sb-message"][data-author="system"]').allTextContents();

describe('panel and widget in German', () => {
  let server: RunningServer;
  let browser: ExtensionBrowser;
  let panel: Page;
  let site: Page;

  beforeAll(async () => {
    server = await startServer({ IDLE_TIMEOUT_MS: String(IDLE_TIMEOUT_MS) });
    browser = await launchWithExtension({ locale: 'de-DE', args: ['--lang=de'] });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function startChat(): Promise<void> {
    await site.getByTestId('sb-name').fill('Vera Besucherin');
    await site.getByTestId('sb-email').fill('vera@example.com');
    await site.getByTestId('sb-start').click();
  }

  async function acceptOffer(): Promise<void> {
    await panel.bringToFront();
    await expect.poll(() => panel.getByTestId('offer-banner').count(), ROUND_TRIP).toBe(1);
    await panel.getByTestId('offer-accept').click();
    await expect.poll(() => panel.getByTestId('conversation-item').count(), ROUND_TRIP).toBe(1);
    await panel.getByTestId('conversation-item').first().click();
  }

  it('the demo agent signs in and goes available', async () => {
    panel = await openSidePanel(browser);
    await signIn(panel, server.url, server.demoAgent, AGENT);
    await switchAvailable(panel);
  });

  it('the visitor starts a chat from a German widget and the agent gets the offer banner in German', async () => {
    site = await browser.context.newPage();
    await site.goto(server.siteUrl);
    expect(await site.getByTestId('sb-launcher').textContent()).toBe('Chatten Sie mit uns');
    await site.getByTestId('sb-launcher').click();
    await startChat();
    await expect.poll(() => site.getByTestId('sb-status').textContent(), ROUND_TRIP).toBe('Sie werden mit einem Mitarbeiter verbunden…');

    await panel.bringToFront();
    const banner = panel.getByTestId('offer-banner');
    await expect.poll(() => banner.count(), ROUND_TRIP).toBe(1);
    expect(await banner.textContent()).toContain('möchte chatten');
    expect(await panel.getByTestId('offer-countdown').textContent()).toMatch(/^noch \d+ s$/);
    expect(await panel.getByTestId('offer-accept').textContent()).toContain('Annehmen');
    expect(await panel.getByTestId('offer-decline').textContent()).toContain('Ablehnen');
  });

  it('the agent joining is a German line in the panel and in the widget', async () => {
    await panel.getByTestId('offer-accept').click();
    await expect.poll(() => panel.getByTestId('conversation-item').count(), ROUND_TRIP).toBe(1);
    await panel.getByTestId('conversation-item').first().click();
    const joined = `${AGENT} ist dem Chat beigetreten`;
    await expect.poll(() => panelLines(panel), ROUND_TRIP).toEqual([joined]);
    await expect.poll(() => widgetLines(site), ROUND_TRIP).toEqual([joined]);
    expect(await site.getByTestId('sb-status').textContent()).toBe(`Sie chatten mit ${AGENT}`);
  });

  it('the agent ending the chat is a German line in the panel and in the widget', async () => {
    await panel.getByTestId('end-session').click();
    // the end goes out once the 5 s to undo it have passed
    const ended = `Chat von ${AGENT} beendet`;
    await expect.poll(async () => (await panelLines(panel)).at(-1), { timeout: 15_000 }).toBe(ended);
    await expect.poll(async () => (await widgetLines(site)).at(-1), ROUND_TRIP).toBe(ended);
    expect(await site.getByTestId('sb-status').textContent()).toBe('Dieser Chat ist beendet');
  });

  it('a chat ended for inactivity says so in German in the panel and in the widget', async () => {
    await site.bringToFront();
    await site.getByTestId('sb-new-chat').click();
    await startChat();
    await acceptOffer();
    await expect.poll(() => panelLines(panel), ROUND_TRIP).toEqual([`${AGENT} ist dem Chat beigetreten`]);

    const idle = 'Chat nach einer Weile ohne Aktivität beendet';
    const idleWait = { timeout: IDLE_TIMEOUT_MS + 20_000 };
    await expect.poll(async () => (await panelLines(panel)).at(-1), idleWait).toBe(idle);
    await expect.poll(async () => (await widgetLines(site)).at(-1), ROUND_TRIP).toBe(idle);
    await expect.poll(() => site.getByTestId('sb-status').getAttribute('data-status'), ROUND_TRIP).toBe('ended');
  });

  it('with nobody available the visitor is told the shipped fallback message in German', async () => {
    await panel.bringToFront();
    const toggle = panel.getByTestId('availability-toggle');
    await toggle.click();
    await expect.poll(() => toggle.getAttribute('aria-checked'), ROUND_TRIP).toBe('false');

    await site.bringToFront();
    await site.getByTestId('sb-new-chat').click();
    await startChat();
    await expect.poll(() => site.getByTestId('sb-status').getAttribute('data-status'), ROUND_TRIP).toBe('missed');
    await expect.poll(() => widgetLines(site), ROUND_TRIP).toEqual([SHIPPED_FALLBACK_MESSAGES.de]);
  });

  it('no line the service wrote shows in English', async () => {
    const english = /joined the chat|Chat ended|without activity|Sorry, nobody/;
    for (const line of [...(await panelLines(panel)), ...(await widgetLines(site))]) expect(line).not.toMatch(english);
  });
});
