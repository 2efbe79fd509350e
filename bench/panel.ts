/**
 * `npm run bench:panel`: the side panel on a realistic cache, cold, right after the browser starts.
 *
 * 1. A fresh Chromium profile with the built extension (a copy carrying a first-row probe and a blank
 *    reference page); the agent is signed in against a stand-in server and 10,000 conversations with
 *    100,000 messages are written into the extension's IndexedDB; the panel is opened once on them (the
 *    agent's earlier session). The browser is closed.
 * 2. Repeated, interleaved: start the browser and at once open the blank extension page (reference:
 *    its first contentful paint); start the browser and at once open the side panel (time from its
 *    navigation start to the first conversation row in the DOM).
 * 3. In the last run: open the chat with 1,000 messages (DOM nodes, frame times while scrolling), then
 *    the stand-in server sends one message, and then bursts of 1,000 through the worker's socket (as
 *    1,000 events and as messages:created of 256, alternated, 5 of each): the time from the last emit
 *    to the last message in the DOM, median and range.
 * Prints numbers and ratios against the references of the same run. Needs `npm run build` and Chromium
 * (CHROME_PATH or /usr/bin/chromium).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { locateBrowser } from '../scripts/browser.ts';
import { AGENT, instrumentedCopy, LONG_CHAT_ID, SEED, seedInPage, startFakeAgentServer } from './panel-fixture.ts';

const BUILT = resolve('.output/chrome-mv3');
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const BURST = 1_000;
/** each kind of burst this many times, alternated; the median is printed */
const BURST_ROUNDS = Number(process.env.BENCH_BURSTS ?? 5);
/** the message writer's largest batch (server/services/message-writer.ts maxBatch) */
const COMMIT_SIZE = 256;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;
const fmt = (ms: number) => `${ms.toFixed(0).padStart(5)} ms`;
const ratio = (value: number, reference: number) => `${(value / reference).toFixed(2)}×`;

function launch(profile: string, extension: string): Promise<BrowserContext> {
  return chromium.launchPersistentContext(profile, {
    executablePath: locateBrowser() ?? '/usr/bin/chromium',
    headless: true,
    viewport: { width: 420, height: 800 },
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      `--disable-extensions-except=${extension}`,
      `--load-extension=${extension}`,
    ],
  });
}

async function extensionId(context: BrowserContext): Promise<string> {
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  return new URL(worker.url()).host;
}

/** The extension id is pinned by the manifest key, so it is known before the worker starts. */
let id = '';

async function setUp(profile: string, extension: string, serverUrl: string): Promise<void> {
  const context = await launch(profile, extension);
  try {
    id = await extensionId(context);
    const page = await context.newPage();
    await page.goto(`chrome-extension://${id}/sidepanel.html`);
    await page.getByTestId('signin-server').waitFor();
    await page.evaluate(
      async (items) => {
        const { chrome } = globalThis as unknown as { chrome: { storage: { local: { set(v: object): Promise<void> } } } };
        await chrome.storage.local.set(items);
      },
      { serverUrl, refreshToken: 'bench-refresh', agent: AGENT },
    );
    await page.reload();
    await page.getByTestId('conversation-list').waitFor();
    const started = performance.now();
    await seedInPage((fn, arg) => page.evaluate(fn, arg), serverUrl);
    console.log(`seeded ${SEED.conversations.toLocaleString('en')} conversations, ${SEED.messages.toLocaleString('en')} messages in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    // the agent's earlier session: the panel open once on this cache, as before any real browser start
    await page.reload();
    await page.getByTestId('conversation-item').first().waitFor();
    await page.waitForTimeout(500);
  } finally {
    await context.close();
  }
}

const fcp = (page: Page) =>
  page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null);

/** Browser start, then at once the blank extension page: its first contentful paint. */
async function referenceRun(profile: string, extension: string): Promise<number> {
  const context = await launch(profile, extension);
  try {
    const page = await context.newPage();
    await page.goto(`chrome-extension://${id}/bench-blank.html`);
    await page.waitForFunction(() => performance.getEntriesByName('first-contentful-paint').length > 0);
    return (await fcp(page))!;
  } finally {
    await context.close();
  }
}

/** Browser start, then at once the side panel: navigation start → first conversation row in the DOM. */
async function panelRun(context: BrowserContext): Promise<{ page: Page; firstRow: number; paint: number | null }> {
  const page = await context.newPage();
  await page.goto(`chrome-extension://${id}/sidepanel.html`);
  const firstRow = (await (
    await page.waitForFunction(() => (globalThis as unknown as { __bench: { firstRow: number | null } }).__bench.firstRow, null, { timeout: 30_000 })
  ).jsonValue()) as number;
  return { page, firstRow, paint: await fcp(page) };
}

/** Resolves (in the page) with Date.now() once the last rendered message contains the marker. */
async function watchForLastMessage(page: Page, marker: string): Promise<void> {
  await page.evaluate((marker) => {
    const w = globalThis as unknown as { __shown?: Promise<number> };
    w.__shown = new Promise<number>((resolve) => {
      const check = () => {
        const items = document.querySelectorAll('[data-testid="message"]');
        if (!items[items.length - 1]?.textContent?.includes(marker)) return;
        observer.disconnect();
        resolve(Date.now());
      };
      const observer = new MutationObserver(check);
      observer.observe(document.body, { childList: true, subtree: true, characterData: true });
    });
  }, marker);
}
const lastMessageShownAt = (page: Page) => page.evaluate(() => (globalThis as unknown as { __shown: Promise<number> }).__shown);

const domNodes = (page: Page, selector = '*') =>
  page.evaluate((selector) => (selector === '*' ? document.getElementsByTagName('*').length : document.querySelector(selector)!.getElementsByTagName('*').length + 1), selector);

/**
 * Scrolls the message list from the newest message up to the first one, 300 px a frame (the window of
 * rendered messages moves on the way): the frame intervals seen, and whether the first message came.
 */
const scrollFrames = (page: Page) =>
  page.evaluate(async () => {
    const list = document.querySelector<HTMLElement>('[data-testid="message-list"]')!;
    const firstShown = () => list.querySelector('[data-testid="message"] .body')?.textContent?.startsWith('Message 1 in') ?? false;
    const frames: number[] = [];
    await new Promise(requestAnimationFrame);
    let last = performance.now();
    for (let i = 0; i < 2000 && !(firstShown() && list.scrollTop === 0); i++) {
      list.scrollTop -= 300;
      await new Promise(requestAnimationFrame);
      const now = performance.now();
      frames.push(now - last);
      last = now;
    }
    frames.sort((a, b) => a - b);
    return { frames: frames.length, reachedFirst: firstShown(), p95: frames[Math.floor(frames.length * 0.95)] ?? NaN, max: frames[frames.length - 1] ?? NaN };
  });

async function messageCount(page: Page, conversationId: string): Promise<number> {
  return page.evaluate(async (conversationId) => {
    const db = await new Promise<IDBDatabase>((ok, fail) => {
      const request = indexedDB.open('switchboard');
      request.onsuccess = () => ok(request.result);
      request.onerror = () => fail(request.error);
    });
    const range = IDBKeyRange.bound([conversationId, -Infinity], [conversationId, Infinity]);
    const count = await new Promise<number>((ok) => {
      const request = db.transaction('messages').objectStore('messages').count(range);
      request.onsuccess = () => ok(request.result);
    });
    db.close();
    return count;
  }, conversationId);
}

async function main(): Promise<void> {
  if (!existsSync(join(BUILT, 'manifest.json'))) throw new Error('run `npm run build` first');
  const extension = instrumentedCopy(BUILT);
  const profile = mkdtempSync(join(tmpdir(), 'switchboard-bench-profile-'));
  const server = await startFakeAgentServer();
  try {
    await setUp(profile, extension, server.url);
    const references: number[] = [];
    const firstRows: number[] = [];
    const paints: number[] = [];
    let context: BrowserContext | undefined;
    let page: Page | undefined;
    for (let run = 1; run <= RUNS; run++) {
      references.push(await referenceRun(profile, extension));
      context = await launch(profile, extension);
      const result = await panelRun(context);
      firstRows.push(result.firstRow);
      if (result.paint !== null) paints.push(result.paint);
      console.log(`  run ${run}: blank page first paint ${fmt(references.at(-1)!)}, panel first row ${fmt(result.firstRow)}`);
      if (run < RUNS) await context.close();
      else page = result.page;
    }
    const reference = median(references);
    const firstRow = median(firstRows);

    // the long chat, then messages arriving through the worker
    await server.synced();
    await page!.locator(`[data-conversation-id="${LONG_CHAT_ID}"]`).click();
    await page!.getByTestId('message').first().waitFor();
    await page!.waitForTimeout(500);
    const chatNodes = await domNodes(page!);
    const listNodes = await domNodes(page!, '[data-testid="message-list"]');
    const scrolling = await scrollFrames(page!);
    // back to the newest message with the keyboard, where new ones will show
    await page!.getByTestId('message-list').press('End');
    await page!.getByTestId('message-list').getByText(`Message ${SEED.longChat} in ${LONG_CHAT_ID}:`).waitFor();

    await watchForLastMessage(page!, 'single-message');
    const singleSent = server.burst(LONG_CHAT_ID, 1, 'single-message');
    const single = (await lastMessageShownAt(page!)) - singleSent;

    // bursts, as separate events and as the service sends them (commits of up to 256), alternated
    const separate: number[] = [];
    const commits: number[] = [];
    let afterBurstNodes = 0;
    for (let round = 1; round <= BURST_ROUNDS; round++) {
      for (const perEvent of [1, COMMIT_SIZE]) {
        await page!.waitForTimeout(500);
        const marker = `burst-${round}-${perEvent}`;
        await watchForLastMessage(page!, marker);
        const sent = server.burst(LONG_CHAT_ID, BURST, marker, perEvent);
        (perEvent === 1 ? separate : commits).push((await lastMessageShownAt(page!)) - sent);
        afterBurstNodes = Math.max(afterBurstNodes, await domNodes(page!));
      }
    }
    const stored = await messageCount(page!, LONG_CHAT_ID);
    await context!.close();

    console.log(`\nside panel, cold after a browser start, ${SEED.conversations.toLocaleString('en')} conversations / ${SEED.messages.toLocaleString('en')} messages cached (median of ${RUNS})`);
    console.log(`  reference: blank extension page, first paint      ${fmt(reference)}`);
    console.log(`  panel: navigation start → first conversation row   ${fmt(firstRow)}   ${ratio(firstRow, reference)}   (goal ≤ 200 ms)`);
    if (paints.length) console.log(`  panel: first contentful paint                       ${fmt(median(paints))}   ${ratio(median(paints), reference)}`);
    console.log(`chat with ${SEED.longChat.toLocaleString('en')} messages`);
    console.log(`  DOM nodes, whole page                               ${String(chatNodes).padStart(5)}      (goal ≤ 1,500)`);
    console.log(`  DOM nodes, message list                             ${String(listNodes).padStart(5)}`);
    console.log(`  scrolling up to the first message (${scrolling.reachedFirst ? 'reached' : 'NOT reached'}): ${scrolling.frames} frames, p95 ${scrolling.p95.toFixed(1)} ms, max ${scrolling.max.toFixed(1)} ms (p95 ${ratio(scrolling.p95, 1000 / 60)} a 60 Hz frame)`);
    console.log(`incoming messages (stand-in server → worker → Dexie → panel)`);
    console.log(`  reference: one message, emit → shown                ${fmt(single)}`);
    const spread = (values: number[]) => `${fmt(median(values))}   ${ratio(median(values), single)}   (goal ≤ 200 ms; ${Math.min(...values).toFixed(0)}–${Math.max(...values).toFixed(0)} ms over ${values.length})`;
    console.log(`  burst of ${BURST} as ${BURST} events: last emit → last shown     ${spread(separate)}`);
    console.log(`  burst of ${BURST} in messages:created of ${COMMIT_SIZE}: last emit → shown ${spread(commits)}`);
    console.log(`  messages stored in the chat afterwards              ${String(stored).padStart(5)}      (expected ${SEED.longChat + 1 + 2 * BURST_ROUNDS * BURST})`);
    console.log(`  DOM nodes during the bursts, at most                ${String(afterBurstNodes).padStart(5)}`);
  } finally {
    await server.close();
    rmSync(profile, { recursive: true, force: true });
    rmSync(extension, { recursive: true, force: true });
  }
}

await main();
