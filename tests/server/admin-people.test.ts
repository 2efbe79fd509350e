import { afterEach, describe, expect, it } from 'vitest';
import { findUserById } from '../../server/db/users.ts';
import { checkCredentials } from '../../server/services/auth.ts';
import { runAdminCommand } from '../../server/src/admin-cli.ts';
import { AGENT_ORIGIN, activeChat, expectOk, PASSWORD, startHarness, type Harness } from './helpers.ts';
import { auditEntries, onlineAdmin } from './admin-fixture.ts';

let h: Harness;
afterEach(async () => {
  await h?.close();
});

const signsIn = (email: string, password: string) => checkCredentials(h.app.db, email, password, h.config.passwordHashCost);
const shell = (...args: string[]) => runAdminCommand(args, h.app.db, h.clock, h.config);

function api(method: string, path: string, token: string, body?: unknown): Promise<Response> {
  return fetch(`${h.url}/api/admin/${path}`, {
    method,
    headers: { origin: AGENT_ORIGIN, authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

/** Everything stored in the audit log and written to the log, as one text. */
async function everythingRecorded(): Promise<string> {
  const rows = await h.app.db.selectFrom('audit_log').selectAll().execute();
  return JSON.stringify([rows, h.logger.errors, h.logger.warnings]);
}

describe('people: listing', () => {
  it('lists every agent with online, available, disabled, load and capacity', async () => {
    h = await startHarness();
    const admin = await onlineAdmin(h);
    const ana = await h.onlineAgent('Ana');
    await activeChat(h, ana.client);
    const olga = await h.addAgent('Olga');
    expectOk(await admin.client.call('admin:agents:setDisabled', { agentId: olga.agent.id, disabled: true }));

    const agents = expectOk(await admin.client.call('admin:agents:list', {}));
    const byName = Object.fromEntries(agents.map((a) => [a.name, a]));
    expect(byName.Ana).toMatchObject({ online: true, available: true, disabled: false, activeChats: 1, pendingOffers: 0, capacity: h.config.maxChatsPerAgent });
    expect(byName.Olga).toMatchObject({ online: false, available: true, disabled: true, activeChats: 0 });
    expect(byName.Boss).toMatchObject({ role: 'admin', online: true, available: false });
  });
});

describe('people: create, edit, reset password', () => {
  it('creates an agent with a one-time password that signs in, audited without the password or its hash', async () => {
    h = await startHarness();
    const admin = await onlineAdmin(h);
    const created = expectOk(await admin.client.call('admin:agents:create', { email: 'Ada@Example.test', name: 'Ada', role: 'admin' }));
    expect(created.agent).toMatchObject({ email: 'ada@example.test', name: 'Ada', role: 'admin', disabled: false, online: false });
    expect(created.password.length).toBeGreaterThanOrEqual(12);
    expect(await signsIn('ada@example.test', created.password)).not.toBeNull();

    expect(await auditEntries(h)).toMatchObject([
      {
        actorId: admin.agent.id,
        action: 'agent.create',
        targetType: 'agent',
        targetId: created.agent.id,
        before: null,
        after: { email: 'ada@example.test', name: 'Ada', role: 'admin', disabled: false },
      },
    ]);
    const hash = (await findUserById(h.app.db, created.agent.id))!.password_hash;
    const recorded = await everythingRecorded();
    expect(recorded).not.toContain(created.password);
    expect(recorded).not.toContain(hash);
  });

  it('refuses an email already taken with conflict', async () => {
    h = await startHarness();
    const admin = await onlineAdmin(h);
    const ana = await h.addAgent('Ana');
    expect(await admin.client.call('admin:agents:create', { email: ana.email.toUpperCase(), name: 'Ana 2' })).toEqual({ ok: false, error: 'conflict' });
    expect(await auditEntries(h)).toEqual([]);
  });

  it('renames an agent and changes their role, audited before and after; the agent hears agent:updated', async () => {
    h = await startHarness();
    const admin = await onlineAdmin(h);
    const ana = await h.onlineAgent('Ana');
    const updated = expectOk(await admin.client.call('admin:agents:update', { agentId: ana.agent.id, name: 'Ana Lead', role: 'admin' }));
    expect(updated).toMatchObject({ id: ana.agent.id, name: 'Ana Lead', role: 'admin' });
    expect(await ana.client.waitFor('agent:updated')).toMatchObject({ name: 'Ana Lead', role: 'admin' });
    expect(await auditEntries(h)).toMatchObject([
      { actorId: admin.agent.id, action: 'agent.update', targetId: ana.agent.id, before: { name: 'Ana', role: 'agent' }, after: { name: 'Ana Lead', role: 'admin' } },
    ]);
  });

  it("resets a password: the new one signs in, the old one no longer does, and the agent's sign-ins end and sockets close", async () => {
    h = await startHarness();
    const admin = await onlineAdmin(h);
    const ana = await h.onlineAgent('Ana');
    const closed = new Promise((resolve) => ana.client.socket.once('disconnect', resolve));
    const reset = expectOk(await admin.client.call('admin:agents:resetPassword', { agentId: ana.agent.id }));
    await closed;
    expect(await signsIn(ana.email, reset.password)).not.toBeNull();
    expect(await signsIn(ana.email, PASSWORD)).toBeNull();
    await expect(h.connectAgent(ana.token)).rejects.toThrow('unauthorized');
    expect(await auditEntries(h)).toMatchObject([
      { actorId: admin.agent.id, action: 'agent.password_reset', targetId: ana.agent.id, before: null, after: null },
    ]);
    expect(await everythingRecorded()).not.toContain(reset.password);
  });
});

describe('people: disable and enable', () => {
  it("disabling closes the agent's socket at once and hands their chat to another agent; enabling lets them sign in again", async () => {
    h = await startHarness();
    const admin = await onlineAdmin(h);
    const ana = await h.onlineAgent('Ana');
    const chat = await activeChat(h, ana.client);
    const bo = await h.onlineAgent('Bo');
    const closed = new Promise<string>((resolve) => ana.client.socket.once('disconnect', resolve));

    const disabled = expectOk(await admin.client.call('admin:agents:setDisabled', { agentId: ana.agent.id, disabled: true }));
    expect(disabled).toMatchObject({ id: ana.agent.id, disabled: true });
    expect(await closed).toBe('io server disconnect');
    await h.app.sweep();
    expect((await bo.client.waitFor('offer:created')).conversationId).toBe(chat.conversationId);

    expectOk(await admin.client.call('admin:agents:setDisabled', { agentId: ana.agent.id, disabled: false }));
    expect(await signsIn(ana.email, PASSWORD)).not.toBeNull();
    expect(await auditEntries(h)).toMatchObject([
      { actorId: admin.agent.id, action: 'agent.enable', targetId: ana.agent.id, before: { disabled: true }, after: { disabled: false } },
      { actorId: admin.agent.id, action: 'agent.disable', targetId: ana.agent.id, before: { disabled: false }, after: { disabled: true } },
    ]);
  });

  it('an admin cannot disable their own account', async () => {
    h = await startHarness();
    const admin = await onlineAdmin(h);
    await onlineAdmin(h, 'Second');
    expect(await admin.client.call('admin:agents:setDisabled', { agentId: admin.agent.id, disabled: true })).toEqual({ ok: false, error: 'forbidden' });
    expect((await findUserById(h.app.db, admin.agent.id))?.disabled).toBe(0);
    expect(await auditEntries(h)).toEqual([]);
  });

  it('the last enabled admin keeps the role and cannot be disabled; with a second admin the role can go', async () => {
    h = await startHarness();
    const admin = await onlineAdmin(h);
    expect(await admin.client.call('admin:agents:update', { agentId: admin.agent.id, role: 'agent' })).toEqual({ ok: false, error: 'conflict' });
    await expect(shell('disable', '--email', admin.email)).rejects.toThrow('the last enabled admin cannot lose the admin role or be disabled');
    expect(await findUserById(h.app.db, admin.agent.id)).toMatchObject({ role: 'admin', disabled: 0 });

    const second = await onlineAdmin(h, 'Second');
    expectOk(await admin.client.call('admin:agents:update', { agentId: second.agent.id, role: 'agent' }));
    expect(await admin.client.call('admin:agents:update', { agentId: admin.agent.id, role: 'agent' })).toEqual({ ok: false, error: 'conflict' });
    expect((await auditEntries(h)).map((e) => e.action)).toEqual(['agent.update']);
  });
});

describe('people: the admin API and npm run admin run the same operations', () => {
  it('the admin API creates, edits, disables and resets an agent, each audited with the calling admin', async () => {
    h = await startHarness();
    const admin = await onlineAdmin(h);
    const created = await api('POST', 'agents', admin.token, { email: 'cy@example.test', name: 'Cy' });
    expect(created.status).toBe(200);
    const { agent, password } = (await created.json()) as { agent: { id: string }; password: string };
    expect(await signsIn('cy@example.test', password)).not.toBeNull();
    expect(await (await api('PUT', `agents/${agent.id}`, admin.token, { name: 'Cyrus', disabled: true })).json()).toMatchObject({
      name: 'Cyrus',
      disabled: true,
    });
    const reset = (await (await api('POST', `agent-passwords/${agent.id}`, admin.token)).json()) as { password: string };
    expect(await signsIn('cy@example.test', reset.password)).toBeNull(); // still disabled
    expect((await api('PUT', `agents/${admin.agent.id}`, admin.token, { disabled: true })).status).toBe(400);
    expect((await api('PUT', `agents/${agent.id}`, admin.token, {})).status).toBe(400);

    const audit = (await (await api('GET', `audit?targetId=${agent.id}&limit=10`, admin.token)).json()) as { items: Array<{ action: string; actorId: string }> };
    expect(audit.items.map((e) => e.action)).toEqual(['agent.password_reset', 'agent.disable', 'agent.update', 'agent.create']);
    expect(new Set(audit.items.map((e) => e.actorId))).toEqual(new Set([admin.agent.id]));
    expect((await api('GET', 'audit?limit=0', admin.token)).status).toBe(400);
    const agentToken = (await h.addAgent()).token;
    expect((await api('GET', 'audit', agentToken)).status).toBe(403);
    expect((await api('POST', 'agents', agentToken, { email: 'x@example.test', name: 'X' })).status).toBe(403);
  });

  it('npm run admin creates, edits and resets through the same code, audited with no actor (the shell)', async () => {
    h = await startHarness();
    await shell('create-agent', '--email', 'dee@example.test', '--name', 'Dee');
    expect(await shell('update-agent', '--email', 'dee@example.test', '--name', 'Dee Dee', '--role', 'admin')).toBe('updated admin dee@example.test (Dee Dee)');
    const out = await shell('reset-password', '--email', 'dee@example.test');
    const password = out.split(': ')[1]!;
    expect(out).toMatch(/^new password for dee@example\.test: \S{12,}$/);
    expect(await signsIn('dee@example.test', password)).not.toBeNull();
    await expect(shell('update-agent', '--email', 'dee@example.test', '--role', 'boss')).rejects.toThrow('--role agent|admin');

    const entries = await auditEntries(h);
    expect(entries.map((e) => [e.action, e.actorId])).toEqual([
      ['agent.password_reset', null],
      ['agent.update', null],
      ['agent.create', null],
    ]);
    expect(entries[1]).toMatchObject({ before: { name: 'Dee', role: 'agent' }, after: { name: 'Dee Dee', role: 'admin' } });
  });
});
