/**
 * Visitor identity and meeting booking in a real browser (SPEC R9, R11, R12, R13, R15): the host page
 * passes signed attributes through `window.Switchboard`, the agent sees them, shares a colleague's
 * calendar, the visitor books a slot in the widget, both see the confirmation, the .ics downloads,
 * and the colleague finds the meeting in their list.
 */
import { spawnSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

const SITE_SECRET = 'e2e-site-secret-that-is-long-enough-0123456789';
const COLLEAGUE = { email: 'bo@example.com', name: 'Bo Berg', password: 'bo-password-1234' };
const VISITOR = {
  name: 'Vera Visitor',
  email: 'vera@example.com',
  jobTitle: 'Head of Plumbing',
  phone: '+46 8 123 45',
  crmStatus: 'Lead',
  company: 'Acme Pipes',
  custom: { plan: 'pro' },
};

function createColleague(server: RunningServer): void {
  const args = ['server/src/admin.ts', 'create-agent', '--email', COLLEAGUE.email, '--name', COLLEAGUE.name, '--password-stdin'];
  const env = { ...process.env, DATA_DIR: server.dataDir, DATABASE_URL: '' };
  const run = spawnSync(process.execPath, args, { env, input: `${COLLEAGUE.password}\n`, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`create-agent failed: ${run.stderr}`);
}

/** Switches on meetings for the signed-in agent in the Meetings screen (default hours: weekdays 09–17 UTC). */
async function takeMeetings(panel: Page): Promise<void> {
  await chooseFromMenu(panel, 'open-meetings');
  await panel.getByTestId('meetings-takes').check();
  await panel.getByTestId('meetings-time-zone').fill('UTC');
  await panel.getByTestId('save-meetings').click();
  await expect.poll(() => panel.getByTestId('meetings-saved').count()).toBe(1);
  await panel.getByTestId('close-meetings').click();
}

describe('visitor identity and meeting booking', () => {
  let server: RunningServer;
  let browser: ExtensionBrowser;
  let panel: Page;
  let site: Page;
  let bookedStart = 0;

  beforeAll(async () => {
    server = await startServer({ SITE_SECRET });
    createColleague(server);
    browser = await launchWithExtension();
    panel = await openSidePanel(browser);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('a colleague switches on meetings in their Meetings screen', async () => {
    await signIn(panel, server.url, COLLEAGUE, COLLEAGUE.name);
    await takeMeetings(panel);
    await chooseFromMenu(panel, 'sign-out');
    await expect.poll(() => panel.getByTestId('signin-submit').count()).toBe(1);
  });

  it('the demo agent takes meetings too and goes available', async () => {
    await signIn(panel, server.url, server.demoAgent, 'Demo Agent');
    await takeMeetings(panel);
    await switchAvailable(panel);
  });

  it('the host page identifies the visitor before the widget loads; the chat form is prefilled', async () => {
    site = await browser.context.newPage();
    const issuedAt = Math.floor(Date.now() / 1000);
    const signature = createHmac('sha256', SITE_SECRET).update(`${issuedAt}.${VISITOR.email}`).digest('hex');
    await site.addInitScript((attributes) => {
      // the queue pattern of the README: calls made before widget.js has loaded
      const w = window as unknown as { Switchboard?: { q: unknown[] } };
      w.Switchboard = w.Switchboard ?? { q: [] };
      w.Switchboard.q.push(['identify', attributes]);
    }, { ...VISITOR, issuedAt, signature });
    await site.goto(server.siteUrl);
    await site.getByTestId('sb-launcher').click();
    await expect.poll(() => site.getByTestId('sb-name').inputValue()).toBe(VISITOR.name);
    expect(await site.getByTestId('sb-email').inputValue()).toBe(VISITOR.email);
    await site.getByTestId('sb-start').click();
    await expect.poll(() => site.getByTestId('sb-status').getAttribute('data-status')).toBe('waiting');
  });

  it('the side panel shows the attributes the page passed, and the email as verified', async () => {
    await panel.bringToFront();
    await panel.getByTestId('offer-accept').click();
    await expect.poll(() => panel.getByTestId('conversation-item').count()).toBe(1);
    await panel.getByTestId('conversation-item').first().click();
    await expect.poll(() => panel.getByTestId('visitor-company').textContent()).toContain(VISITOR.company);
    expect(await panel.getByTestId('visitor-name').textContent()).toContain(VISITOR.name);
    expect(await panel.getByTestId('visitor-job-title').textContent()).toContain(VISITOR.jobTitle);
    expect(await panel.getByTestId('visitor-phone').textContent()).toContain(VISITOR.phone);
    expect(await panel.getByTestId('visitor-crm-status').textContent()).toContain(VISITOR.crmStatus);
    expect(await panel.getByTestId('visitor-verified').getAttribute('data-verified')).toBe('true');
  });

  it("the agent sends the colleague's calendar from the picker, the agent's own listed first", async () => {
    await panel.getByTestId('calendar-share').click();
    const options = panel.getByTestId('calendar-option');
    await expect.poll(() => options.count()).toBe(2);
    expect(await options.first().textContent()).toContain('Demo Agent');
    const colleague = options.filter({ hasText: COLLEAGUE.name });
    await colleague.locator('input').check();
    await panel.getByTestId('calendar-send').click();
    await expect.poll(() => panel.getByTestId('calendar-picker').count()).toBe(0);
    await expect.poll(() => panel.locator('[data-testid="message-card"][data-card="calendar"]').textContent()).toContain(COLLEAGUE.name);
  });

  it('the visitor sees free slots in the widget and books one; both sides see the confirmation', async () => {
    await site.bringToFront();
    const card = site.getByTestId('sb-calendar-card');
    await expect.poll(() => card.textContent()).toContain(COLLEAGUE.name);
    const slot = site.getByTestId('sb-slot').first();
    await expect.poll(() => slot.count(), { timeout: 10_000 }).toBe(1);
    bookedStart = Number(await slot.getAttribute('data-start'));
    expect(bookedStart).toBeGreaterThan(Date.now());
    await slot.click();
    const confirmation = site.getByTestId('sb-meeting-confirmation');
    await expect.poll(() => confirmation.getAttribute('data-status')).toBe('booked');
    expect(await confirmation.textContent()).toContain(COLLEAGUE.name);
    await screenshot(site, 'widget-meeting');

    await panel.bringToFront();
    const agentCard = panel.locator('[data-testid="message-card"][data-card="meeting"]');
    await expect.poll(() => agentCard.getAttribute('data-status')).toBe('booked');
    expect(await agentCard.locator('time').getAttribute('datetime')).toBe(new Date(bookedStart).toISOString());
  });

  it('the visitor downloads the meeting as an .ics file', async () => {
    const [download] = await Promise.all([site.waitForEvent('download'), site.getByTestId('sb-ics-download').click()]);
    expect(download.suggestedFilename()).toBe('meeting.ics');
    const ics = readFileSync(await download.path(), 'utf8');
    expect(ics).toContain('BEGIN:VCALENDAR');
    expect(ics).toContain('BEGIN:VEVENT');
  });

  it("the visitor's history lists the page visit, the chat and the booked meeting", async () => {
    const items = (type: string) => panel.locator(`[data-testid="activity-item"][data-type="${type}"]`).count();
    await expect.poll(() => items('chat_started')).toBeGreaterThan(0);
    await expect.poll(() => items('page_visit')).toBeGreaterThan(0);
    await expect.poll(() => items('meeting_booked')).toBe(1);
  });

  it('the colleague finds the booked meeting in their Meetings screen', async () => {
    await chooseFromMenu(panel, 'sign-out');
    await signIn(panel, server.url, COLLEAGUE, COLLEAGUE.name);
    await chooseFromMenu(panel, 'open-meetings');
    const item = panel.getByTestId('meeting-item');
    await expect.poll(() => item.count()).toBe(1);
    expect(await item.textContent()).toContain(VISITOR.name);
    await screenshot(panel, 'meetings');
  });
});
