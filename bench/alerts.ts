/**
 * `npm run bench:alerts`: a visitor's chat request → the agent's offer notification shown, in a real
 * Chromium with the built extension and the real server, side panel closed.
 * 1. worker running: 20 requests one after another;
 * 2. worker stopped first (CDP ServiceWorker.stopAllWorkers, as Chrome stops an idle worker), with
 *    nothing else happening in the browser: only the wake-up alarms (one every 7.5 s) bring it back.
 * Prints p50 and p95 of each and their ratio. Notifications are read from an extension page that sends
 * the worker nothing (it would start it). Each offer is declined from the side panel afterwards.
 * Needs `npm run build` and Chromium (CHROME_PATH or /usr/bin/chromium).
 */
import type { BrowserContext, Page } from 'playwright-core';
import { launchWithExtension, openSidePanel, startServer } from '../tests/e2e/harness.ts';
import { locateBrowser } from '../scripts/browser.ts';

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 20);

process.env.CHROME_PATH ??= locateBrowser() ?? '/usr/bin/chromium';
const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((values.length * p) / 100))] ?? NaN;
const fmt = (ms: number) => `${(ms / 1000).toFixed(2).padStart(6)} s`;

async function offerIds(observer: Page): Promise<string[]> {
  return observer.evaluate(async () => {
    const { chrome } = globalThis as unknown as { chrome: { notifications: { getAll(): Promise<Record<string, unknown>> } } };
    return Object.keys(await chrome.notifications.getAll()).filter((id) => id.startsWith('offer:'));
  });
}

async function stopWorker(context: BrowserContext, page: Page): Promise<void> {
  const cdp = await context.newCDPSession(page);
  await cdp.send('ServiceWorker.enable');
  await cdp.send('ServiceWorker.stopAllWorkers');
  await cdp.detach();
}

/** One request from a new visitor; answers the milliseconds until its offer notification showed. */
async function measure(context: BrowserContext, siteUrl: string, observer: Page, n: number, before?: () => Promise<void>): Promise<number> {
  const site = await context.newPage();
  // a new visitor each time: the widget forgets the last one's session
  await site.addInitScript(() => localStorage.clear());
  await site.goto(siteUrl);
  await site.getByTestId('sb-launcher').click();
  await site.getByTestId('sb-name').fill(`Visitor ${n}`);
  await site.getByTestId('sb-email').fill(`visitor${n}@example.com`);
  const known = new Set(await offerIds(observer));
  await before?.();
  const asked = performance.now();
  await site.getByTestId('sb-start').click();
  for (;;) {
    if ((await offerIds(observer)).some((id) => !known.has(id))) break;
    if (performance.now() - asked > 90_000) throw new Error('no notification within 90 s');
    await new Promise((r) => setTimeout(r, 50));
  }
  const took = performance.now() - asked;
  await site.close();
  return took;
}

/** Declines every pending offer from the side panel, so the next request starts clean. */
async function declineAll(context: BrowserContext, extensionId: string): Promise<void> {
  const panel = await openSidePanel({ context, extensionId } as Parameters<typeof openSidePanel>[0]);
  const decline = panel.getByTestId('offer-decline');
  await decline.first().waitFor({ timeout: 15_000 });
  while ((await decline.count()) > 0) {
    await decline.first().click();
    await panel.waitForTimeout(300);
  }
  await panel.close();
}

const server = await startServer({ PRESENCE_GRACE_MS: '60000' });
const browser = await launchWithExtension();
try {
  const panel = await openSidePanel(browser);
  // (the harness's signIn polls with vitest's expect, which only runs inside vitest)
  await panel.getByTestId('signin-server').fill(server.url);
  await panel.getByTestId('signin-email').fill(server.demoAgent.email);
  await panel.getByTestId('signin-password').fill(server.demoAgent.password);
  await panel.getByTestId('signin-submit').click();
  await panel.getByTestId('availability-toggle').waitFor();
  await panel.getByTestId('connection-banner').waitFor({ state: 'detached' });
  const toggle = panel.getByTestId('availability-toggle');
  if ((await toggle.getAttribute('aria-checked')) !== 'true') await toggle.click();
  await panel.locator('[data-testid="availability-toggle"][aria-checked="true"]').waitFor();
  await panel.close();
  const observer = await browser.context.newPage();
  await observer.goto(`chrome-extension://${browser.extensionId}/offscreen.html`);

  const running: number[] = [];
  const stopped: number[] = [];
  for (let i = 0; i < REQUESTS; i++) {
    running.push(await measure(browser.context, server.siteUrl, observer, i));
    await declineAll(browser.context, browser.extensionId);
  }
  for (let i = 0; i < REQUESTS; i++) {
    stopped.push(await measure(browser.context, server.siteUrl, observer, REQUESTS + i, () => stopWorker(browser.context, observer)));
    process.stdout.write(`  stopped #${i + 1}: ${fmt(stopped.at(-1)!)}\n`);
    await declineAll(browser.context, browser.extensionId);
  }
  const line = (name: string, values: number[]) => console.log(`${name.padEnd(34)} p50 ${fmt(percentile(values, 50))}   p95 ${fmt(percentile(values, 95))}   (n=${values.length})`);
  console.log('\nvisitor request → offer notification shown (side panel closed)');
  line('worker running', running);
  line('worker stopped first, browser idle', stopped);
  console.log(`ratio stopped / running: p50 ${(percentile(stopped, 50) / percentile(running, 50)).toFixed(1)}×, p95 ${(percentile(stopped, 95) / percentile(running, 95)).toFixed(1)}×`);
} finally {
  await browser.close();
  await server.stop();
}
