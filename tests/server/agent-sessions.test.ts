import { afterEach, describe, expect, it } from 'vitest';
import type { LoginResult, TokenPair } from '../../protocol/dto.ts';
import { createSignInChecks } from '../../server/services/agent-sessions.ts';
import { runAdminCommand } from '../../server/src/admin-cli.ts';
import { AGENT_ORIGIN, PASSWORD, startHarness, type AgentClient, type Harness } from './helpers.ts';

let h: Harness;
afterEach(async () => {
  await h?.close();
});

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

const refresh = (refreshToken: string) => h.post('/api/auth/refresh', { refreshToken }, { origin: AGENT_ORIGIN });
const logout = (body: unknown, headers: Record<string, string> = {}) => h.post('/api/auth/logout', body, { origin: AGENT_ORIGIN, ...headers });
const adminApi = (token: string) => fetch(`${h.url}/api/admin/routing`, { headers: { origin: AGENT_ORIGIN, authorization: `Bearer ${token}` } });

async function signIn(email: string): Promise<LoginResult> {
  const response = await h.post('/api/auth/login', { email, password: PASSWORD }, { origin: AGENT_ORIGIN });
  expect(response.status).toBe(200);
  return (await response.json()) as LoginResult;
}

async function refreshed(refreshToken: string): Promise<TokenPair> {
  const response = await refresh(refreshToken);
  expect(response.status).toBe(200);
  return (await response.json()) as TokenPair;
}

function closed(client: AgentClient): Promise<unknown> {
  return new Promise((resolve) => client.socket.once('disconnect', resolve));
}

describe('POST /api/auth/refresh', () => {
  it('answers a new access and refresh token; the new access token opens /agent', async () => {
    h = await startHarness();
    const { email } = await h.addAgent();
    const first = await signIn(email);

    const second = await refreshed(first.refreshToken);

    expect(second).toEqual({ accessToken: expect.any(String), accessTokenExpiresInMs: 15 * MINUTE, refreshToken: expect.any(String) });
    expect(second.accessToken).not.toBe(first.accessToken);
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect((await h.connectAgent(second.accessToken)).socket.connected).toBe(true);
    expect((await refreshed(second.refreshToken)).refreshToken).not.toBe(second.refreshToken);
  });

  it('refuses a retired refresh token, and its reuse revokes the whole sign-in: the newest tokens and every socket stop working', async () => {
    h = await startHarness();
    const { email } = await h.addAgent();
    const first = await signIn(email);
    const older = await h.connectAgent(first.accessToken);
    const second = await refreshed(first.refreshToken);
    const newer = await h.connectAgent(second.accessToken);
    const olderClosed = closed(older);
    const newerClosed = closed(newer);

    const reused = await refresh(first.refreshToken);

    expect(reused.status).toBe(401);
    expect(await reused.json()).toEqual({ error: 'unauthorized' });
    await Promise.all([olderClosed, newerClosed]);
    expect((await refresh(second.refreshToken)).status).toBe(401);
    await expect(h.connectAgent(second.accessToken)).rejects.toThrow('unauthorized');
    expect((await adminApi(second.accessToken)).status).toBe(401);
  });

  it("the reuse of one sign-in leaves the same agent's other sign-ins alone", async () => {
    h = await startHarness();
    const { email } = await h.addAgent();
    const stolen = await signIn(email);
    const other = await signIn(email);
    const otherSocket = await h.connectAgent(other.accessToken);
    await refreshed(stolen.refreshToken);

    expect((await refresh(stolen.refreshToken)).status).toBe(401);

    expect(await otherSocket.call('presence:ping', {})).toEqual({ ok: true, data: null });
    expect((await refreshed(other.refreshToken)).accessToken).toEqual(expect.any(String));
  });

  it('exchanging one refresh token twice at once counts as reuse: one answer at most, and the sign-in ends', async () => {
    h = await startHarness();
    const { email } = await h.addAgent();
    const { refreshToken } = await signIn(email);

    const answers = await Promise.all([refresh(refreshToken), refresh(refreshToken)]);

    expect(answers.map((a) => a.status).sort()).toEqual([200, 401]);
    const winner = (await answers.find((a) => a.status === 200)!.json()) as TokenPair;
    await expect(h.connectAgent(winner.accessToken)).rejects.toThrow('unauthorized');
    expect((await refresh(winner.refreshToken)).status).toBe(401);
  });

  it('answers 400 to a malformed body and 401 to an unknown token or an access token', async () => {
    h = await startHarness();
    const { token } = await h.addAgent();
    expect((await h.post('/api/auth/refresh', {}, { origin: AGENT_ORIGIN })).status).toBe(400);
    expect((await h.post('/api/auth/refresh', { refreshToken: 'x'.repeat(201) }, { origin: AGENT_ORIGIN })).status).toBe(400);
    expect((await refresh('forged')).status).toBe(401);
    expect((await refresh(token)).status).toBe(401);
    expect((await h.post('/api/auth/refresh', { refreshToken: 'forged' }, { origin: 'https://evil.test' })).status).toBe(403);
  });

  it('refuses the refresh token of a disabled agent', async () => {
    h = await startHarness();
    const { email, refreshToken } = await h.addAgent();
    await runAdminCommand(['disable', '--email', email], h.app.db, h.clock);
    expect((await refresh(refreshToken)).status).toBe(401);
  });

  it('a refresh token lasts 30 days from its issue', async () => {
    h = await startHarness();
    const { email } = await h.addAgent();
    const first = await signIn(email);
    h.clock.advance(29 * DAY);
    const second = await refreshed(first.refreshToken);
    h.clock.advance(29 * DAY);
    const third = await refreshed(second.refreshToken);
    h.clock.advance(30 * DAY);
    expect((await refresh(third.refreshToken)).status).toBe(401);
  });
});

describe('access token expiry', () => {
  it('after 15 minutes a new handshake and the admin API refuse the access token, while an open socket keeps working', async () => {
    h = await startHarness();
    const { agent, email } = await h.addAgent();
    await h.app.db.updateTable('users').set({ role: 'admin' }).where('id', '=', agent.id).execute();
    const { accessToken, refreshToken } = await signIn(email);
    const open = await h.connectAgent(accessToken);

    h.clock.advance(15 * MINUTE - 1);
    expect((await adminApi(accessToken)).status).toBe(200);
    await h.connectAgent(accessToken);
    h.clock.advance(1);

    await expect(h.connectAgent(accessToken)).rejects.toThrow('unauthorized');
    expect((await adminApi(accessToken)).status).toBe(401);
    expect(await open.call('availability:set', { available: true })).toMatchObject({ ok: true });
    const renewed = await refreshed(refreshToken);
    expect((await h.connectAgent(renewed.accessToken)).socket.connected).toBe(true);
  });

  it('ACCESS_TOKEN_TTL_MS sets the access token lifetime', async () => {
    h = await startHarness({ ACCESS_TOKEN_TTL_MS: String(MINUTE) });
    const { email } = await h.addAgent();
    const { accessToken, accessTokenExpiresInMs } = await signIn(email);
    expect(accessTokenExpiresInMs).toBe(MINUTE);
    h.clock.advance(MINUTE);
    await expect(h.connectAgent(accessToken)).rejects.toThrow('unauthorized');
  });
});

describe('POST /api/auth/logout', () => {
  it('with the refresh token, revokes the sign-in: its sockets close, its access and refresh tokens stop working', async () => {
    h = await startHarness();
    const { email } = await h.addAgent();
    const { accessToken, refreshToken } = await signIn(email);
    const client = await h.connectAgent(accessToken);
    const disconnected = closed(client);

    expect((await logout({ refreshToken })).status).toBe(204);

    await disconnected;
    await expect(h.connectAgent(accessToken)).rejects.toThrow('unauthorized');
    expect((await refresh(refreshToken)).status).toBe(401);
  });

  it('with an access token that has expired, still revokes its sign-in', async () => {
    h = await startHarness();
    const { email } = await h.addAgent();
    const { accessToken, refreshToken } = await signIn(email);
    h.clock.advance(20 * MINUTE);

    expect((await logout('', { authorization: `Bearer ${accessToken}` })).status).toBe(204);

    expect((await refresh(refreshToken)).status).toBe(401);
  });
});

describe('the sign-in check before every agent command', () => {
  const sessionOf = async (agentId: string) =>
    (await h.app.db.selectFrom('agent_sessions').select('id').where('agent_id', '=', agentId).executeTakeFirstOrThrow()).id;

  it('answers the checks of one turn together: live sign-ins their agent; a disabled agent, an expired or unknown sign-in nobody', async () => {
    h = await startHarness();
    const checks = createSignInChecks(h.app.db, h.clock);
    // 17 live sign-ins: the batch pads up to its largest statement shape (64)
    const live = await Promise.all(Array.from({ length: 17 }, (_, i) => h.addAgent(`Live ${i}`)));
    const disabled = await h.addAgent('Disabled');
    const expired = await h.addAgent('Expired');
    await h.app.db.updateTable('users').set({ disabled: 1 }).where('id', '=', disabled.agent.id).execute();
    await h.app.db.updateTable('agent_sessions').set({ expires_at: h.clock.now() }).where('agent_id', '=', expired.agent.id).execute();
    const sessions = await Promise.all([...live, disabled, expired].map((a) => sessionOf(a.agent.id)));

    const answers = await Promise.all([...sessions, 'no-such-sign-in'].map((id) => checks(id)));
    expect(answers.map((agent) => agent?.name ?? null)).toEqual([...live.map((a) => a.agent.name), null, null, null]);
    // and a batch of one, the smallest shape
    expect((await checks(sessions[3]!))?.id).toBe(live[3]!.agent.id);
  });

  it('stops the next command of an open socket whose agent was disabled or whose sign-in ran out, while the others go on', async () => {
    h = await startHarness();
    const [ok, disabled, expired] = await Promise.all(['Ok', 'Disabled', 'Expired'].map((name) => h.onlineAgent(name)));
    await h.app.db.updateTable('users').set({ disabled: 1 }).where('id', '=', disabled!.agent.id).execute();
    await h.app.db.updateTable('agent_sessions').set({ expires_at: h.clock.now() }).where('agent_id', '=', expired!.agent.id).execute();
    const gone = [closed(disabled!.client), closed(expired!.client)];

    // sent together, so that the server may well check them in one turn
    const answers = await Promise.all([ok!, disabled!, expired!].map((a) => a.client.raw('presence:ping', {})));
    expect(answers.map((a) => (a.ok ? 'ok' : a.error))).toEqual(['ok', 'unauthorized', 'unauthorized']);
    await Promise.all(gone);
    expect((await ok!.client.raw('presence:ping', {})).ok).toBe(true);
  });
});
