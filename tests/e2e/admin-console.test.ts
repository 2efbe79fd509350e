/**
 * The admin console in Chromium (SPEC R23, R24): an admin signs in from the side panel and opens the
 * console from its menu; creates an agent, who signs in in another browser; builds a team, a rule and
 * the default site's strategy, and "Test a rule" names the rule and the new agent; adds a website on which
 * the widget then shows at once; watches visitors'
 * chats appear in Live and the queue move; disables the agent while they hold a chat (their panel signs
 * out at once and the chat goes to the admin); downloads a report as CSV. axe-core finds no serious
 * violation on any console screen, light or dark.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousViolations } from './axe.ts';
import {
  launchWithExtension,
  openSidePanel,
  signIn,
  startCustomerSite,
  startServer,
  switchAvailable,
  visitorStartsChat,
  type ExtensionBrowser,
  type RunningServer,
} from './harness.ts';

const ADMIN = { email: 'ada.admin@example.com', name: 'Ada Admin', password: '' };
const BO = { email: 'bo.builder@example.com', name: 'Bo Builder', password: '' };

/** The first admin comes from the server's shell, as on a new installation. */
function createAdmin(server: RunningServer): void {
  const args = ['server/src/admin.ts', 'create-agent', '--email', ADMIN.email, '--name', ADMIN.name, '--admin'];
  const run = spawnSync(process.execPath, args, { env: { ...process.env, DATA_DIR: server.dataDir, DATABASE_URL: '' }, encoding: 'utf8' });
  const password = run.stdout.match(/^password: (\S+)$/m)?.[1];
  if (run.status !== 0 || !password) throw new Error(`create-agent failed: ${run.stderr}`);
  ADMIN.password = password;
}

async function consoleViolations(page: Page): Promise<string[]> {
  const found: string[] = [];
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    found.push(...(await seriousViolations(page)).map((v) => `${colorScheme}: ${v}`));
  }
  await page.emulateMedia({ colorScheme: null });
  return found;
}

const visitorAsks = (browser: ExtensionBrowser, siteUrl: string, name: string) => visitorStartsChat(browser.context, siteUrl, name);

describe('the admin console', () => {
  let server: RunningServer;
  let adminBrowser: ExtensionBrowser;
  let boBrowser: ExtensionBrowser;
  let panel: Page;
  let boPanel: Page;
  let console_: Page;
  const tab = (name: string) => console_.getByTestId(`admin-tab-${name}`);

  beforeAll(async () => {
    // one chat per agent at a time, so a second visitor has to queue
    server = await startServer({ MAX_CHATS_PER_AGENT: '1' });
    createAdmin(server);
    adminBrowser = await launchWithExtension();
    boBrowser = await launchWithExtension();
    panel = await openSidePanel(adminBrowser);
  });

  afterAll(async () => {
    await boBrowser?.close();
    await adminBrowser?.close();
    await server?.stop();
  });

  it('an admin signs in and opens the console from the side panel menu; People passes axe', async () => {
    await signIn(panel, server.url, ADMIN, ADMIN.name);
    await panel.getByTestId('header-menu').click();
    const opened = adminBrowser.context.waitForEvent('page');
    await panel.getByTestId('open-admin').click();
    console_ = await opened;
    await console_.waitForLoadState();
    expect(new URL(console_.url()).pathname).toBe('/admin.html');
    await expect.poll(() => tab('people').getAttribute('aria-selected')).toBe('true');
    await expect.poll(() => console_.getByTestId(`agent-row-${ADMIN.email}`).count()).toBe(1);
    expect(await consoleViolations(console_)).toEqual([]);
  });

  it('creates an agent (a bad email refused, keeping what was typed): the password is shown once, the agent signs in with it and their menu has no Admin console', async () => {
    await console_.getByTestId('agent-create-email').fill('not-an-email');
    await console_.getByTestId('agent-create-name').fill(BO.name);
    await console_.getByTestId('agent-create-submit').click();
    await expect.poll(() => console_.getByTestId('agent-create-error').textContent()).toContain('Email');
    // nothing typed is lost
    expect(await console_.getByTestId('agent-create-name').inputValue()).toBe(BO.name);

    await console_.getByTestId('agent-create-email').fill(BO.email);
    await console_.getByTestId('agent-create-submit').click();
    await expect.poll(() => console_.getByTestId('one-time-password').count()).toBe(1);
    BO.password = (await console_.getByTestId('one-time-password-value').textContent())!.trim();
    expect(BO.password.length).toBeGreaterThanOrEqual(12);
    expect(await consoleViolations(console_)).toEqual([]);
    await console_.getByTestId('password-done').click();
    expect(await console_.getByTestId('one-time-password').count()).toBe(0);
    await expect.poll(() => console_.getByTestId(`agent-row-${BO.email}`).count()).toBe(1);

    boPanel = await openSidePanel(boBrowser);
    await signIn(boPanel, server.url, BO, BO.name);
    await boPanel.getByTestId('header-menu').click();
    expect(await boPanel.getByTestId('open-admin').count()).toBe(0);
    await boPanel.keyboard.press('Escape');
    await switchAvailable(boPanel);
    await console_.reload();
    await expect.poll(() => console_.getByTestId(`agent-row-${BO.email}`).getByTestId('agent-state').textContent()).toMatch(/Online, available/);
    expect(await console_.getByTestId(`agent-row-${BO.email}`).getByTestId('agent-load').textContent()).toBe('0/1');
  });

  it('builds a team, a rule and the default site’s strategy, and "Test a rule" picks the rule and the agent', async () => {
    await tab('people').focus();
    await console_.keyboard.press('ArrowRight');
    await expect.poll(() => tab('routing').getAttribute('aria-selected')).toBe('true');
    await expect.poll(() => console_.getByTestId('team-form').count()).toBe(1);

    await console_.getByTestId('team-name').fill('Sales');
    await console_.getByTestId(`team-member-${BO.email}`).check();
    await console_.getByTestId('team-save').click();
    await expect.poll(() => console_.getByTestId('team-row-Sales').textContent()).toContain(BO.name);

    await console_.getByTestId('site-key').fill('default');
    await console_.getByTestId('site-strategy').selectOption('rules');
    await console_.getByTestId('site-save').click();
    await expect.poll(() => console_.getByTestId('sites-strategy-table').textContent()).toContain('Rules');

    const form = console_.getByTestId('rule-form');
    await form.getByTestId('rule-name').fill('Pricing');
    await form.getByTestId('rule-priority').fill('1');
    await form.getByTestId('condition-field').selectOption('pageUrl');
    await form.getByTestId('condition-op').selectOption('contains');
    await form.getByTestId('condition-value').fill('/pricing');
    await form.getByTestId('rule-target-team').check();
    await form.getByTestId('rule-team').selectOption({ label: 'Sales' });
    await form.getByTestId('rule-save').click();
    await expect.poll(() => console_.getByTestId('rule-row-Pricing').textContent()).toContain('Sales');

    await console_.getByTestId('test-page').fill('https://shop.example/pricing');
    await console_.getByTestId('test-name').fill('Vera Visitor');
    await console_.getByTestId('rule-test-run').click();
    await expect.poll(() => console_.getByTestId('rule-test-rule').textContent()).toBe('Pricing');
    expect(await console_.getByTestId('rule-test-agent').textContent()).toBe(BO.name);

    await console_.getByTestId('test-page').fill('https://shop.example/about');
    await console_.getByTestId('rule-test-run').click();
    await expect.poll(() => console_.getByTestId('rule-test-rule').textContent()).toBe('No rule matches');
    expect(await consoleViolations(console_)).toEqual([]);
  });

  it('the Sites screen adds a website, whose page then shows the widget at once, removes it after a confirmation, gives the widget code of each site and passes axe', async () => {
    const shop = await startCustomerSite(server.url);
    const page = await adminBrowser.context.newPage();
    try {
      /** The widget's warning that the server refused this page's origin, once the page has asked. */
      const refusal = () => page.waitForEvent('console', { predicate: (m) => m.type() === 'warning' && m.text().includes("does not allow this page's origin") });
      // before: the server refuses the shop's page and the widget stays hidden
      let refused = refusal();
      await page.goto(`${shop.origin}/`);
      await refused;
      expect(await page.getByTestId('sb-launcher').isVisible()).toBe(false);

      await tab('sites').click();
      await console_.getByTestId('origin-input').fill(`${shop.origin}/`);
      await console_.getByTestId('origin-add').click();
      await expect.poll(() => console_.getByTestId(`origin-added-${shop.origin}`).count()).toBe(1);
      expect(await console_.getByTestId('origin-input').inputValue()).toBe('');

      // after: a reload shows the launcher, and a visitor there can start a chat
      await page.reload();
      await page.getByTestId('sb-launcher').click();
      await expect.poll(() => page.getByTestId('sb-start').isVisible()).toBe(true);

      // removed after a confirmation in its row (focus on Cancel), the site's next page load hides the widget again
      await console_.getByTestId(`origin-added-${shop.origin}`).getByTestId('origin-remove').click();
      await expect.poll(() => console_.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('entry-remove-cancel');
      expect(await console_.getByRole('alertdialog').textContent()).toContain(`Remove ${shop.origin}?`);
      expect(await consoleViolations(console_)).toEqual([]);
      await console_.getByTestId('entry-remove-ok').click();
      await expect.poll(() => console_.getByTestId(`origin-added-${shop.origin}`).count()).toBe(0);
      refused = refusal();
      await page.reload();
      await refused;
      expect(await page.getByTestId('sb-launcher').isVisible()).toBe(false);
    } finally {
      await page.close();
      await shop.close();
    }
    await expect.poll(() => console_.getByTestId('site-snippet-default').getByTestId('snippet-code').textContent()).toBe(
      `<script src="${server.url}/widget.js" async></script>`,
    );
    expect(await consoleViolations(console_)).toEqual([]);
  });

  let vera: Page;
  let walt: Page;

  it('Live shows a visitor’s chat as the agent takes it, the next visitor queued, and the queue moving when the admin turns available', async () => {
    await tab('live').click();
    await expect.poll(() => console_.getByTestId('live-figures').count()).toBe(1);
    expect(await console_.getByTestId('live-waiting-empty').count()).toBe(1);

    vera = await visitorAsks(boBrowser, server.siteUrl, 'Vera Visitor');
    await boPanel.bringToFront();
    await boPanel.getByTestId('offer-accept').click();
    await console_.bringToFront();
    await expect.poll(() => console_.getByTestId('live-active-Vera Visitor').textContent()).toContain(BO.name);
    expect(await console_.getByTestId(`live-agent-${BO.name}`).textContent()).toContain('1/1');

    walt = await visitorAsks(adminBrowser, server.siteUrl, 'Walt Waiting');
    await console_.bringToFront();
    await expect.poll(() => console_.getByTestId('live-waiting-Walt Waiting').getByTestId('queue-position').textContent()).toBe('1');
    expect(await console_.getByTestId('live-waiting-for-offer').textContent()).toBe('1');
    expect(await consoleViolations(console_)).toEqual([]);

    // the admin frees a place: the queue moves and Walt is offered to the admin
    await panel.bringToFront();
    await switchAvailable(panel);
    await console_.bringToFront();
    await expect.poll(() => console_.getByTestId('live-waiting-Walt Waiting').textContent()).toContain(ADMIN.name);
    expect(await console_.getByTestId('live-waiting-for-offer').textContent()).toBe('0');
    await panel.bringToFront();
    await panel.getByTestId('offer-accept').click();
    await console_.bringToFront();
    await expect.poll(() => console_.getByTestId('live-active-Walt Waiting').textContent()).toContain(ADMIN.name);

    // an active chat opens read-only
    await console_.getByTestId('live-active-Vera Visitor').getByTestId('live-view').click();
    await expect.poll(() => console_.getByTestId('chat-view').textContent()).toContain('Vera Visitor');
    await console_.getByTestId('chat-view-close').click();

    // Walt leaves: the admin has room again
    await walt.bringToFront();
    await walt.getByTestId('sb-end').click();
    await console_.bringToFront();
    await expect.poll(() => console_.getByTestId('live-active-Walt Waiting').count()).toBe(0);
  });

  it('disabling the agent in a chat signs their panel out at once and the visitor’s chat goes to the admin', async () => {
    await tab('people').click();
    const row = console_.getByTestId(`agent-row-${BO.email}`);
    await row.getByTestId('agent-toggle-disabled').click();
    expect(await row.locator('[role="alertdialog"]').count()).toBe(1);
    expect(await consoleViolations(console_)).toEqual([]);
    await row.locator('[role="alertdialog"] button.danger').click();
    await expect.poll(() => row.getByTestId('agent-state').textContent()).toBe('Disabled');

    await expect.poll(() => boPanel.getByTestId('signin-email').count()).toBe(1);
    await panel.bringToFront();
    await expect.poll(() => panel.getByTestId('offer-visitor-name').first().textContent()).toBe('Vera Visitor');
    await panel.getByTestId('offer-accept').click();
    await expect.poll(() => vera.getByTestId('sb-status').getAttribute('data-status')).toBe('active');
    await console_.bringToFront();
    await tab('live').click();
    await expect.poll(() => console_.getByTestId('live-active-Vera Visitor').textContent()).toContain(ADMIN.name);
  });

  it('Reports show the days’ chats and download each table as CSV that a CSV parser reads', async () => {
    await tab('reports').click();
    expect(await consoleViolations(console_)).toEqual([]);
    await console_.getByTestId('report-run').click();
    await expect.poll(() => console_.getByTestId('report-totals').count()).toBe(1);
    // Vera and Walt asked today
    expect(await console_.getByTestId('report-totals').locator('td').first().textContent()).toBe('2');
    expect(await console_.getByTestId('report-chart').locator('svg[role="img"]').count()).toBe(1);
    expect(await console_.getByTestId('report-heatmap').count()).toBe(1);
    expect(await consoleViolations(console_)).toEqual([]);

    const download = console_.waitForEvent('download');
    await console_.getByTestId('csv-days').click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^switchboard-days-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv$/);
    const rows = parse(readFileSync((await file.path())!, 'utf8'), { columns: true }) as Array<Record<string, string>>;
    expect(rows).toHaveLength(7);
    expect(rows.reduce((sum, row) => sum + Number(row.requested), 0)).toBe(2);

    const agents = console_.waitForEvent('download');
    await console_.getByTestId('csv-agents').click();
    const agentRows = parse(readFileSync((await (await agents).path())!, 'utf8'), { columns: true }) as Array<Record<string, string>>;
    expect(agentRows.map((r) => r.agent).sort()).toEqual([ADMIN.name, BO.name]);
  });

  it('the audit log lists the admin’s changes and the read-only look at the chat, filterable by action', async () => {
    await tab('audit').click();
    await expect.poll(() => console_.getByTestId('audit-table').count()).toBe(1);
    for (const action of ['agent.create', 'agent.disable', 'team.put', 'rule.put', 'site.put', 'origin.add', 'chat.view']) {
      expect(await console_.getByTestId(`audit-row-${action}`).count(), action).toBeGreaterThan(0);
    }
    await console_.getByTestId('audit-action').selectOption('chat.view');
    await console_.getByTestId('audit-apply').click();
    await expect.poll(() => console_.getByTestId('audit-table').locator('tbody tr').count()).toBe(1);
    expect(await consoleViolations(console_)).toEqual([]);
  });
});
