/**
 * A chat transfer between two agents in real Chromium (issue 15, R25): each agent has their own browser
 * with the extension; the demo agent hands the visitor's chat to a colleague with a note, the colleague
 * sees who hands it over and why, accepts from the notification, the visitor is told whom they chat with
 * now, and the chat leaves the sender's list.
 */
import { spawnSync } from 'node:child_process';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  launchWithExtension,
  notificationIds,
  openSidePanel,
  pressNotificationButton,
  signIn,
  startServer,
  switchAvailable,
  type ExtensionBrowser,
  type RunningServer,
} from './harness.ts';

const COLLEAGUE = { email: 'bo@example.com', name: 'Bo Berg', password: 'bo-password-1234' };
const VISITOR = { name: 'Vera Visitor', email: 'vera@example.com' };
const NOTE = 'Wants a refund for order 42';

function createColleague(server: RunningServer): void {
  const args = ['server/src/admin.ts', 'create-agent', '--email', COLLEAGUE.email, '--name', COLLEAGUE.name, '--password-stdin'];
  const env = { ...process.env, DATA_DIR: server.dataDir, DATABASE_URL: '' };
  const run = spawnSync(process.execPath, args, { env, input: `${COLLEAGUE.password}\n`, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`create-agent failed: ${run.stderr}`);
}

describe('transferring a chat from one agent to another', () => {
  let server: RunningServer;
  let sender: ExtensionBrowser;
  let receiver: ExtensionBrowser;
  let senderPanel: Page;
  let receiverPanel: Page;
  let site: Page;

  beforeAll(async () => {
    server = await startServer();
    createColleague(server);
    sender = await launchWithExtension();
    receiver = await launchWithExtension();
  });

  afterAll(async () => {
    await sender?.close();
    await receiver?.close();
    await server?.stop();
  });

  it('both agents sign in, each in their own browser; the demo agent takes a chat', async () => {
    senderPanel = await openSidePanel(sender);
    await signIn(senderPanel, server.url, server.demoAgent, 'Demo Agent');
    await switchAvailable(senderPanel);
    // the colleague stays unavailable, so the new chat goes to the demo agent
    receiverPanel = await openSidePanel(receiver);
    await signIn(receiverPanel, server.url, COLLEAGUE, COLLEAGUE.name);

    site = await sender.context.newPage();
    await site.goto(server.siteUrl);
    await site.getByTestId('sb-launcher').click();
    await site.getByTestId('sb-name').fill(VISITOR.name);
    await site.getByTestId('sb-email').fill(VISITOR.email);
    await site.getByTestId('sb-start').click();
    await senderPanel.bringToFront();
    await expect.poll(() => senderPanel.getByTestId('offer-banner').isVisible(), { timeout: 15_000 }).toBe(true);
    await senderPanel.getByTestId('offer-accept').click();
    await expect.poll(() => senderPanel.getByTestId('conversation-item').count()).toBe(1);
    await expect.poll(() => site.getByTestId('sb-status').getAttribute('data-status')).toBe('active');
    await switchAvailable(receiverPanel);
  }, 60_000);

  it('the sender picks the colleague and writes a note; the panel says it waits for them', async () => {
    await senderPanel.getByTestId('conversation-item').first().click();
    await senderPanel.getByTestId('transfer-open').click();
    const colleague = senderPanel.locator('[data-testid="transfer-agent"]', { hasText: COLLEAGUE.name });
    await expect.poll(() => colleague.textContent()).toContain('online');
    await colleague.locator('input').check();
    await senderPanel.getByTestId('transfer-note').fill(NOTE);
    await senderPanel.getByTestId('transfer-send').click();
    await expect.poll(() => senderPanel.getByTestId('transfer-dialog').count()).toBe(0);
    await expect.poll(() => senderPanel.getByTestId('transfer-status').textContent()).toContain(`Waiting for ${COLLEAGUE.name}`);
    // still the sender's until someone accepts
    expect(await senderPanel.getByTestId('conversation-item').count()).toBe(1);
  });

  it('the colleague gets a notification and a banner saying who transfers it and why, and nothing of the chat yet', async () => {
    await expect.poll(() => notificationIds(receiver.worker), { timeout: 15_000 }).toEqual([expect.stringMatching(/^offer:/)]);
    await receiverPanel.bringToFront();
    await expect.poll(() => receiverPanel.getByTestId('offer-transfer').textContent()).toBe(`Transfer from Demo Agent: ${NOTE}`);
    expect(await receiverPanel.getByTestId('offer-visitor-name').textContent()).toContain(VISITOR.name);
    expect(await receiverPanel.getByTestId('conversation-item').count()).toBe(0);
  });

  it('accepting from the notification gives the chat to the colleague; the visitor is told, the sender’s list no longer holds it', async () => {
    const [id] = await notificationIds(receiver.worker);
    await pressNotificationButton(receiver.worker, id!, 0);

    const systemLines = site.locator('[data-testid="sb-message"][data-author="system"]');
    await expect.poll(() => systemLines.allTextContents(), { timeout: 15_000 }).toContain(`You are now chatting with ${COLLEAGUE.name}`);
    await expect.poll(() => senderPanel.getByTestId('conversation-item').count(), { timeout: 15_000 }).toBe(0);
    await expect.poll(() => receiverPanel.getByTestId('conversation-item').count(), { timeout: 15_000 }).toBe(1);
    await expect.poll(() => notificationIds(receiver.worker)).toEqual([]);

    // the colleague now holds the whole chat and answers the visitor
    await receiverPanel.getByTestId('conversation-item').first().click();
    await receiverPanel.getByTestId('composer-input').fill('Hi Vera, Bo here. Let me look at that refund.');
    await receiverPanel.getByTestId('composer-send').click();
    const agentLines = site.locator('[data-testid="sb-message"][data-author="agent"]');
    await expect.poll(() => agentLines.last().textContent()).toContain('Bo here');
  }, 60_000);
});
