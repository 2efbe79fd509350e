/**
 * `npm run bench`: how fast the side panel opens on a big cache. Seeds 10,000 conversations (a few
 * active, the rest past) into the built extension's IndexedDB in Chromium, then reloads the side panel
 * and prints the time to the first rows of the Active and All lists and the page's DOM node count.
 * A benchmark that prints numbers, not a test. Needs `npm run build` and Chromium (CHROME_PATH or
 * /usr/bin/chromium).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Page } from 'playwright-core';

const EXTENSION_DIR = resolve('.output/chrome-mv3');
const TOTAL = 10_000;
const ACTIVE = 25;
const AGENT = { id: 'bench-agent', email: 'bench@example.test', name: 'Bench Agent', role: 'agent', available: false };

async function seed(page: Page): Promise<void> {
  await page.evaluate(
    async ({ total, active, agent }) => {
      const db = await new Promise<IDBDatabase>((ok, fail) => {
        const request = indexedDB.open('switchboard');
        request.onsuccess = () => ok(request.result);
        request.onerror = () => fail(request.error);
      });
      const tx = db.transaction(['conversations', 'messages'], 'readwrite');
      const conversations = tx.objectStore('conversations');
      const messages = tx.objectStore('messages');
      const now = Date.now();
      for (let i = 0; i < total; i++) {
        const isActive = i < active;
        const createdAt = now - i * 60_000;
        conversations.put({
          id: `c-${i}`,
          status: isActive ? 'active' : 'ended',
          visitor: { id: `v-${i}`, name: `Visitor ${i}`, email: `visitor${i}@example.test`, jobTitle: null, phone: null, crmStatus: null },
          agentId: isActive ? agent.id : `agent-${i % 7}`,
          agentName: isActive ? agent.name : `Agent ${i % 7}`,
          lastSeq: 1,
          createdAt,
          endedAt: isActive ? null : createdAt + 30_000,
          endedBy: isActive ? null : 'visitor',
          updatedAt: isActive ? createdAt : createdAt + 30_000,
          readSeq: 1,
        });
        messages.put({
          id: `m-${i}`,
          conversationId: `c-${i}`,
          seq: 1,
          clientId: `k-${i}`,
          author: 'visitor',
          authorName: `Visitor ${i}`,
          body: `Hello from visitor ${i}`,
          createdAt,
        });
      }
      await new Promise<void>((ok, fail) => {
        tx.oncomplete = () => ok();
        tx.onerror = () => fail(tx.error);
      });
      db.close();
    },
    { total: TOTAL, active: ACTIVE, agent: AGENT },
  );
}

async function timeToRows(page: Page, action: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await action();
  await page.getByTestId('conversation-item').first().waitFor({ state: 'visible' });
  return performance.now() - started;
}

const domNodes = (page: Page) => page.evaluate(() => document.getElementsByTagName('*').length);

async function main(): Promise<void> {
  if (!existsSync(join(EXTENSION_DIR, 'manifest.json'))) throw new Error('run `npm run build` first');
  const profile = mkdtempSync(join(tmpdir(), 'switchboard-bench-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', `--disable-extensions-except=${EXTENSION_DIR}`, `--load-extension=${EXTENSION_DIR}`],
  });
  try {
    const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
    const url = `chrome-extension://${new URL(worker.url()).host}/sidepanel.html`;
    const page = await context.newPage();
    await page.setViewportSize({ width: 1024, height: 800 });
    await page.goto(url);
    await page.getByTestId('signin-server').waitFor();
    // signed in (offline: no server) so the inbox opens the cache and creates its schema, then seed it
    await page.evaluate(async (agent) => {
      const { chrome } = globalThis as unknown as { chrome: { storage: { local: { set(v: object): Promise<void> } } } };
      await chrome.storage.local.set({ agent });
    }, AGENT);
    await page.reload();
    await page.getByTestId('conversation-list').waitFor();
    await seed(page);

    const active = await timeToRows(page, () => page.goto(url));
    const activeNodes = await domNodes(page);
    const all = await timeToRows(page, () => page.getByTestId('filter-all').click());
    const allNodes = await domNodes(page);
    const scroller = page.getByTestId('conversation-scroller');
    const scrollStarted = performance.now();
    await scroller.evaluate((el) => (el.scrollTop = el.scrollHeight / 2));
    await page.locator('[data-testid="conversation-item"][data-conversation-id="c-5000"]').waitFor({ timeout: 10_000 }).catch(() => undefined);
    const jump = performance.now() - scrollStarted;

    console.log(`side panel with ${TOTAL.toLocaleString('en')} cached conversations (${ACTIVE} active)`);
    console.log(`  time to first rows, Active list (page load):  ${active.toFixed(0)} ms`);
    console.log(`  DOM nodes, Active list:                        ${activeNodes}`);
    console.log(`  time to first rows, All list (switch):        ${all.toFixed(0)} ms`);
    console.log(`  DOM nodes, All list:                           ${allNodes}`);
    console.log(`  jump to the middle of All (row 5,000 shown):   ${jump.toFixed(0)} ms`);
    console.log(`  DOM nodes after the jump:                      ${await domNodes(page)}`);
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

await main();
