/**
 * End-to-end harness: the real server as a child process (`node server/src/index.ts`, its own data
 * folder and port) and Chromium with the built extension loaded, driven by playwright-core.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page, type Worker } from 'playwright-core';
import { expect } from 'vitest';
import { freePort, LOOPBACK_LIMITS } from '../server/helpers.ts';

export const EXTENSION_DIR = resolve('.output/chrome-mv3');
export const SCREENSHOT_DIR = resolve('test-results/screenshots');

export interface RunningServer {
  url: string;
  /** the demo website, on an origin the server allows for the widget */
  siteUrl: string;
  demoAgent: { email: string; password: string };
  /** the server's DATA_DIR, for running `npm run admin` against the same database */
  dataDir: string;
  stop(): Promise<void>;
}

async function waitFor<T>(probe: () => T | null | Promise<T | null>, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== null && value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function startServer(env: Record<string, string> = {}): Promise<RunningServer> {
  for (const built of [join(EXTENSION_DIR, 'manifest.json'), resolve('.output/widget/widget.js')]) {
    if (!existsSync(built)) throw new Error(`${built} is missing: run \`npm run build\` first`);
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'switchboard-e2e-'));
  const port = await freePort();
  let output = '';
  const child: ChildProcess = spawn(process.execPath, ['server/src/index.ts', '--demo'], {
    env: { ...process.env, ...LOOPBACK_LIMITS, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, DATABASE_URL: '', REDIS_URL: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  const url = `http://127.0.0.1:${port}`;
  await waitFor(async () => {
    if (child.exitCode !== null) throw new Error(`server exited early:\n${output}`);
    try {
      return (await fetch(`${url}/widget.js`)).ok ? true : null;
    } catch {
      return null;
    }
  }, 'the server to listen');
  const credentials = join(dataDir, 'demo-agent.json');
  const demoAgent = await waitFor(
    () => (existsSync(credentials) ? (JSON.parse(readFileSync(credentials, 'utf8')) as RunningServer['demoAgent']) : null),
    'the demo agent',
  );
  return {
    url,
    siteUrl: `http://localhost:${port}/`,
    demoAgent,
    dataDir,
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await new Promise((r) => child.once('exit', r));
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * A visitor opens `siteUrl` in a new page and starts a chat with the widget's form (the email made from
 * the name unless given); returns the page once the start is clicked. Each origin is a different visitor.
 */
export async function visitorStartsChat(context: BrowserContext, siteUrl: string, name: string, email?: string): Promise<Page> {
  const site = await context.newPage();
  await site.goto(siteUrl);
  await site.getByTestId('sb-launcher').click();
  await site.getByTestId('sb-name').fill(name);
  await site.getByTestId('sb-email').fill(email ?? `${name.toLowerCase().replace(/\W/g, '')}@example.com`);
  await site.getByTestId('sb-start').click();
  return site;
}

/** A customer's website the server was not told about: one page with the widget's script tag. */
export interface CustomerSite {
  origin: string;
  close(): Promise<void>;
}

/** Serves it on loopback (so Chromium's private network rules do not block the script before the widget runs). */
export async function startCustomerSite(serverUrl: string): Promise<CustomerSite> {
  const site = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(`<!doctype html><html lang="en"><title>Shop</title><script src="${serverUrl}/widget.js"></script></html>`);
  });
  await new Promise<void>((done) => site.listen(0, '127.0.0.1', done));
  return {
    origin: `http://127.0.0.1:${(site.address() as AddressInfo).port}`,
    async close() {
      site.closeAllConnections();
      await new Promise((done) => site.close(done));
    },
  };
}

export interface ExtensionBrowser {
  context: BrowserContext;
  worker: Worker;
  extensionId: string;
  close(): Promise<void>;
}

/**
 * `locale`: the browser's language (the panel speaks it), e.g. 'de-DE'; `extensionDir`: another build of
 * the extension than `npm run build`'s; `args`: more Chromium switches, such as `--lang=de` for the
 * language of the browser itself (its extension worker included).
 */
export interface LaunchOptions {
  locale?: string;
  extensionDir?: string;
  args?: string[];
}

/** Chromium with the built extension on this profile folder (kept, so a test can start it again on it). */
export function launchOnProfile(profile: string, { extensionDir = EXTENSION_DIR, args = [], ...options }: LaunchOptions = {}): Promise<BrowserContext> {
  const executablePath = process.env.CHROME_PATH;
  if (!executablePath) throw new Error('CHROME_PATH is not set: run the end-to-end tests through `npm test`');
  return chromium.launchPersistentContext(profile, {
    ...options,
    executablePath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      `--disable-extensions-except=${extensionDir}`,
      `--load-extension=${extensionDir}`,
      ...args,
    ],
  });
}

/** Presses a notification's button the way Chrome does, by firing the event the worker listens to. */
export function pressNotificationButton(worker: Worker, id: string, index: number): Promise<void> {
  return worker.evaluate(
    ([notificationId, button]) => {
      const { chrome } = globalThis as unknown as {
        chrome: { notifications: { onButtonClicked: { dispatch(id: string, index: number): void } } };
      };
      chrome.notifications.onButtonClicked.dispatch(notificationId as string, button as number);
    },
    [id, index] as const,
  );
}

export async function launchWithExtension(options: LaunchOptions = {}): Promise<ExtensionBrowser> {
  const profile = mkdtempSync(join(tmpdir(), 'switchboard-profile-'));
  const context = await launchOnProfile(profile, options);
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  const extensionId = new URL(worker.url()).host;
  return {
    context,
    worker,
    extensionId,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`) });
}

/** The slice of the `chrome` API the tests read inside the extension's service worker. */
interface WorkerChrome {
  notifications: { getAll(): Promise<Record<string, unknown>> };
  action: { getBadgeText(details: object): Promise<string> };
}

/** Ids of the browser notifications the extension shows right now. */
export function notificationIds(worker: Worker): Promise<string[]> {
  return worker.evaluate(async () => {
    const { chrome } = globalThis as unknown as { chrome: WorkerChrome };
    return Object.keys(await chrome.notifications.getAll());
  });
}

export function badgeText(worker: Worker): Promise<string> {
  return worker.evaluate(() => (globalThis as unknown as { chrome: WorkerChrome }).chrome.action.getBadgeText({}));
}

/** An element's computed background colour as [r, g, b]. */
export async function backgroundRgb(page: Page, testId: string): Promise<[number, number, number]> {
  const css = await page.getByTestId(testId).evaluate((el) => getComputedStyle(el).backgroundColor);
  const [r = 0, g = 0, b = 0] = (css.match(/\d+/g) ?? []).map(Number);
  return [r, g, b];
}

/** Opens the side panel's page in a tab of the extension's browser. */
export async function openSidePanel(browser: ExtensionBrowser): Promise<Page> {
  const panel = await browser.context.newPage();
  await panel.goto(`chrome-extension://${browser.extensionId}/sidepanel.html`);
  return panel;
}

/** Chooses an entry of the header's menu: open-meetings, open-settings or sign-out. */
export async function chooseFromMenu(panel: Page, testId: 'open-meetings' | 'open-settings' | 'open-saved-replies' | 'sign-out'): Promise<void> {
  await panel.getByTestId('header-menu').click();
  await panel.getByTestId(testId).click();
}

/** Signs in from the side panel's sign-in screen and waits until the agent is connected. */
export async function signIn(panel: Page, serverUrl: string, who: { email: string; password: string }, name: string): Promise<void> {
  await panel.getByTestId('signin-server').fill(serverUrl);
  await panel.getByTestId('signin-email').fill(who.email);
  await panel.getByTestId('signin-password').fill(who.password);
  await panel.getByTestId('signin-submit').click();
  // checking a password is slow on purpose (and slower on a loaded machine)
  try {
    await expect.poll(() => panel.getByTestId('agent-name').textContent(), { timeout: 15_000 }).toContain(name);
  } catch (error) {
    // say what the panel shows, so that a sign-in that never happened can be told from a slow one
    const shown = async (testId: string) => ((await panel.getByTestId(testId).count()) > 0 ? await panel.getByTestId(testId).first().textContent() : null);
    const field = async (testId: string) => ((await panel.getByTestId(testId).count()) > 0 ? await panel.getByTestId(testId).inputValue() : null);
    const state = { error: await shown('signin-error'), agentName: await shown('agent-name'), server: await field('signin-server'), email: await field('signin-email') };
    throw new Error(`${who.email} did not sign in as ${name}; the panel shows ${JSON.stringify(state)}`, { cause: error });
  }
  await expect.poll(() => panel.getByTestId('connection-banner').count()).toBe(0);
}

/** Switches the signed-in agent available: every agent starts unavailable. */
export async function switchAvailable(panel: Page): Promise<void> {
  const toggle = panel.getByTestId('availability-toggle');
  if ((await toggle.getAttribute('aria-checked')) !== 'true') await toggle.click();
  await expect.poll(() => toggle.getAttribute('aria-checked')).toBe('true');
}
