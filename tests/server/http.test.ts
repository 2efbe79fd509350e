import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { LoginResult } from '../../protocol/dto.ts';
import { ACCOUNT_SLOWDOWN_MS } from '../../server/handlers/http.ts';
import { loadConfig } from '../../server/src/config.ts';
import { AGENT_ORIGIN, PASSWORD, SITE_ORIGIN, startChat, startHarness, type Harness } from './helpers.ts';

let h: Harness;
afterEach(async () => {
  await h?.close();
});

const login = (email: string, password: string) => h.post('/api/auth/login', { email, password }, { origin: AGENT_ORIGIN });

describe('POST /api/auth/login', () => {
  it('signs an agent in with the right password and gives a 15-minute access token that opens /agent, and a refresh token', async () => {
    h = await startHarness();
    const { email, agent } = await h.addAgent('Ada');
    const response = await login(email.toUpperCase(), PASSWORD);
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe(AGENT_ORIGIN);
    const body = (await response.json()) as LoginResult;
    expect(body).toEqual({ accessToken: expect.any(String), accessTokenExpiresInMs: 15 * 60_000, refreshToken: expect.any(String), agent });
    expect(body.refreshToken).not.toBe(body.accessToken);
    const client = await h.connectAgent(body.accessToken);
    expect(client.socket.connected).toBe(true);
    await expect(h.connectAgent(body.refreshToken)).rejects.toThrow('unauthorized');
  });

  it('answers 401 to a wrong password or an unknown email, 400 to a malformed body', async () => {
    h = await startHarness();
    const { email } = await h.addAgent();
    expect((await login(email, 'wrong password')).status).toBe(401);
    expect(await (await login('nobody@example.test', PASSWORD)).json()).toEqual({ error: 'unauthorized' });
    expect((await h.post('/api/auth/login', { email }, { origin: AGENT_ORIGIN })).status).toBe(400);
    expect((await h.post('/api/auth/login', '{not json', { origin: AGENT_ORIGIN })).status).toBe(400);
    const asText = await fetch(`${h.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({ email, password: PASSWORD }),
    });
    expect(asText.status).toBe(400);
  });

  it('refuses an address after 20 wrong passwords for any accounts, for 5 minutes', async () => {
    h = await startHarness();
    const { email } = await h.addAgent();
    for (let i = 0; i < 20; i++) expect((await login(`guess${i}@example.test`, `wrong ${i}`)).status).toBe(401);
    const blocked = await login(email, PASSWORD);
    expect(blocked.status).toBe(429);
    expect(await blocked.json()).toEqual({ error: 'rate_limited' });
    h.clock.advance(5 * 60_000);
    expect((await login(email, PASSWORD)).status).toBe(200);
  });

  it('never locks an agent out: wrong passwords from elsewhere only slow the account down', async () => {
    h = await startHarness({ TRUST_PROXY: '1' });
    const { email } = await h.addAgent();
    const from = (address: string, password: string) =>
      h.post('/api/auth/login', { email, password }, { origin: AGENT_ORIGIN, 'x-forwarded-for': address });
    for (let i = 0; i < 30; i++) expect((await from(`198.51.100.${i}`, `wrong ${i}`)).status).toBe(401);
    expect(h.sleeps.length).toBe(25);
    const own = await from('203.0.113.7', PASSWORD);
    expect(own.status).toBe(200);
    expect(h.sleeps.at(-1)).toBe(ACCOUNT_SLOWDOWN_MS);
    // a success clears the account's count: the next sign-in is not slowed
    const before = h.sleeps.length;
    expect((await from('203.0.113.7', PASSWORD)).status).toBe(200);
    expect(h.sleeps.length).toBe(before);
  });

  it('believes X-Forwarded-For only from the proxies TRUST_PROXY names', async () => {
    const spoofed = async () => {
      const statuses = [];
      for (let i = 0; i < 21; i++) {
        const response = await h.post('/api/auth/login', { email: `x${i}@example.test`, password: 'wrong' }, { origin: AGENT_ORIGIN, 'x-forwarded-for': `192.0.2.${i}` });
        statuses.push(response.status);
      }
      return statuses.at(-1);
    };
    // unset: the header is the client's own words, so every attempt counts against the connection's address
    h = await startHarness();
    expect(await spoofed()).toBe(429);
    await h.close();
    // one proxy (or the proxy's address): the address it forwarded is the client's
    for (const trust of ['1', '127.0.0.1', '127.0.0.0/8,10.0.0.0/8']) {
      h = await startHarness({ TRUST_PROXY: trust });
      expect(await spoofed()).toBe(401);
      await h.close();
    }
    h = await startHarness();
    expect(() => loadConfig({ TRUST_PROXY: 'everyone' })).toThrow(/TRUST_PROXY/);
  });

  it('refuses a disabled agent with 401', async () => {
    h = await startHarness();
    const { email, agent } = await h.addAgent();
    await h.app.db.updateTable('users').set({ disabled: 1 }).where('id', '=', agent.id).execute();
    expect((await login(email, PASSWORD)).status).toBe(401);
  });

  it('answers CORS preflights for agent origins only', async () => {
    h = await startHarness();
    const preflight = (origin: string) =>
      fetch(`${h.url}/api/auth/login`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
      });
    const allowed = await preflight(AGENT_ORIGIN);
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(AGENT_ORIGIN);
    expect(allowed.headers.get('access-control-allow-headers')).toContain('Authorization');
    const refused = await preflight('https://evil.test');
    expect(refused.status).toBe(403);
    expect(refused.headers.get('access-control-allow-origin')).toBeNull();
    expect((await preflight(SITE_ORIGIN)).status).toBe(403);
  });
});

describe('POST /api/auth/logout', () => {
  it('revokes the token and disconnects its sockets', async () => {
    h = await startHarness();
    const { token } = await h.addAgent();
    const client = await h.connectAgent(token);
    const disconnected = new Promise((resolve) => client.socket.once('disconnect', resolve));
    const response = await h.post('/api/auth/logout', '', { authorization: `Bearer ${token}`, origin: AGENT_ORIGIN });
    expect(response.status).toBe(204);
    await disconnected;
    await expect(h.connectAgent(token)).rejects.toThrow('unauthorized');
    expect((await h.post('/api/auth/logout', '')).status).toBe(401);
  });
});

describe('POST /api/visitor/session', () => {
  it('keeps the visitor: the same token comes back with the open conversation id', async () => {
    h = await startHarness();
    await h.onlineAgent();
    const { visitor, conversationId } = await startChat(h);
    const response = await h.post('/api/visitor/session', { token: visitor.token }, { origin: SITE_ORIGIN });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe(SITE_ORIGIN);
    expect(await response.json()).toEqual({ token: visitor.token, conversationId });
  });

  it('starts a new anonymous visitor for a missing or unknown token', async () => {
    h = await startHarness();
    const fresh = (await (await h.post('/api/visitor/session', {}, { origin: SITE_ORIGIN })).json()) as { token: string };
    expect(fresh).toEqual({ token: expect.any(String), conversationId: null });
    const unknown = (await (
      await h.post('/api/visitor/session', { token: 'forged' }, { origin: SITE_ORIGIN })
    ).json()) as { token: string };
    expect(unknown.token).not.toBe('forged');
    expect(unknown.token).not.toBe(fresh.token);
  });

  it('lets a page outside SITE_ORIGINS read the refusal (preflight passes, the POST is a 403), so the widget can stop retrying', async () => {
    h = await startHarness();
    const preflight = await fetch(`${h.url}/api/visitor/session`, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.test', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('https://evil.test');
    const refused = await h.post('/api/visitor/session', {}, { origin: 'https://evil.test' });
    expect(refused.status).toBe(403);
    expect(refused.headers.get('access-control-allow-origin')).toBe('https://evil.test');
    expect(await refused.json()).toEqual({ error: 'forbidden' });
    expect(await h.app.db.selectFrom('visitors').select('id').execute()).toEqual([]);
  });

  it('refuses other origins and bodies over 16 KB', async () => {
    h = await startHarness();
    expect((await h.post('/api/visitor/session', {}, { origin: 'https://evil.test' })).status).toBe(403);
    expect((await h.post('/api/visitor/session', {}, { origin: AGENT_ORIGIN })).status).toBe(403);
    const big = await h.post('/api/visitor/session', { token: 'x'.repeat(17 * 1024) }, { origin: SITE_ORIGIN });
    expect(big.status).toBe(413);
    expect(await big.json()).toEqual({ error: 'payload_too_large' });
  });
});

describe('static files and the rest', () => {
  it('answers /widget.js with 503 and a hint until the widget is built, then serves it', async () => {
    h = await startHarness();
    const missing = await fetch(`${h.url}/widget.js`);
    expect(missing.status).toBe(503);
    expect(await missing.text()).toContain('npm run build:widget');
    await mkdir(h.config.widgetDir, { recursive: true });
    await writeFile(join(h.config.widgetDir, 'widget.js'), 'console.log("widget")');
    const built = await fetch(`${h.url}/widget.js`);
    expect(built.status).toBe(200);
    expect(built.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await built.text()).toBe('console.log("widget")');
  });

  it('serves each language’s widget texts to any site (CORS *), and no other file under that path', async () => {
    h = await startHarness();
    await mkdir(join(h.config.widgetDir, 'locales'), { recursive: true });
    await writeFile(join(h.config.widgetDir, 'locales', 'de.json'), '{"start":"Chat starten"}');
    const de = await fetch(`${h.url}/widget/locales/de.json`, { headers: { origin: 'https://any-customer.example' } });
    expect(de.status).toBe(200);
    expect(de.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(de.headers.get('access-control-allow-origin')).toBe('*');
    expect(await de.json()).toEqual({ start: 'Chat starten' });
    // built into widget.js, and nothing but the known languages
    expect((await fetch(`${h.url}/widget/locales/en.json`)).status).toBe(404);
    expect((await fetch(`${h.url}/widget/locales/..%2Fwidget.js`)).status).toBe(404);
    expect((await fetch(`${h.url}/widget/locales/fr.json`)).status).toBe(503);
  });

  it('answers unknown paths with a JSON 404 carrying the security headers', async () => {
    h = await startHarness();
    const response = await fetch(`${h.url}/nothing-here`);
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: 'not_found' });
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect((await fetch(`${h.url}/api/auth/login`)).status).toBe(405);
  });
});
