/**
 * Sites an admin adds in the console (SPEC R23): where the widget may run besides the server's
 * SITE_ORIGINS. The visitor session API, the visitor socket's handshake and socket.io's CORS answer
 * follow the list at once, on every process, and every change is audited.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { siteOrigins } from '../../server/services/site-origins.ts';
import { runAdminCommand } from '../../server/src/admin-cli.ts';
import { auditEntries, onlineAdmin } from './admin-fixture.ts';
import { AGENT_ORIGIN, expectOk, handshakeOutcome, SITE_ORIGIN, startHarness, type Harness } from './helpers.ts';

const SHOP = 'https://shop.example.test';

let h: Harness;
afterEach(async () => {
  await h?.close();
});

/** What a page at `origin` gets from the visitor session API: the status, and whether it may read the answer. */
async function sessionFrom(origin: string): Promise<{ status: number; readable: boolean; token?: string }> {
  const response = await h.post('/api/visitor/session', {}, { origin });
  const body = (await response.json()) as { token?: string };
  return { status: response.status, readable: response.headers.get('access-control-allow-origin') === origin, token: body.token };
}

/** How the visitor socket's handshake from `origin` ends: 'connected' or the refusal's message. */
const handshakeFrom = (origin: string, token: string) => handshakeOutcome(h.url, '/visitor', token, origin);

/** Whether socket.io lets a page at `origin` read a long-polling answer (the widget may start with polling). */
async function pollingReadableFrom(origin: string): Promise<boolean> {
  const response = await fetch(`${h.url}/socket.io/?EIO=4&transport=polling`, { headers: { origin } });
  await response.text();
  return response.headers.get('access-control-allow-origin') === origin;
}

describe('sites added in the console', () => {
  it('let a page of the site use the widget at once, by session, socket and polling, and stop new visitors once removed', async () => {
    h = await startHarness();
    const admin = await onlineAdmin(h);
    const { token } = await sessionFrom(SITE_ORIGIN);

    expect(await sessionFrom(SHOP)).toMatchObject({ status: 403, readable: true });
    expect(await handshakeFrom(SHOP, token!)).toBe('forbidden');
    expect(await pollingReadableFrom(SHOP)).toBe(false);

    const list = expectOk(await admin.client.call('admin:origins:add', { pattern: ' HTTPS://Shop.Example.test ' }));
    expect(list.fromServer).toEqual([SITE_ORIGIN]);
    expect(list.added.map((a) => a.pattern)).toEqual([SHOP]);
    expect(list.added[0]!.addedAt).toBe(h.clock.now());

    const session = await sessionFrom(SHOP);
    expect(session).toMatchObject({ status: 200, readable: true });
    expect(await handshakeFrom(SHOP, session.token!)).toBe('connected');
    expect(await pollingReadableFrom(SHOP)).toBe(true);
    // a subdomain entry covers the subdomains, not the domain itself
    expectOk(await admin.client.call('admin:origins:add', { pattern: 'https://*.brand.example.test' }));
    expect((await sessionFrom('https://eu.brand.example.test')).status).toBe(200);
    expect((await sessionFrom('https://brand.example.test')).status).toBe(403);

    const after = expectOk(await admin.client.call('admin:origins:remove', { pattern: SHOP }));
    expect(after.added.map((a) => a.pattern)).toEqual(['https://*.brand.example.test']);
    expect((await sessionFrom(SHOP)).status).toBe(403);
    expect(await handshakeFrom(SHOP, session.token!)).toBe('forbidden');
    // the server's own list is untouched
    expect(await handshakeFrom(SITE_ORIGIN, token!)).toBe('connected');
  });

  it('with a host in Unicode are stored as browsers send it, so that site’s pages get the widget', async () => {
    h = await startHarness();
    const admin = await onlineAdmin(h);
    // what a browser sends from https://bücher.example.test/
    const sent = new URL('https://bücher.example.test/katalog').origin;
    expect(sent).toBe('https://xn--bcher-kva.example.test');
    const list = expectOk(await admin.client.call('admin:origins:add', { pattern: 'https://Bücher.example.test/' }));
    expect(list.added.map((a) => a.pattern)).toEqual([sent]);
    const session = await sessionFrom(sent);
    expect(session).toMatchObject({ status: 200, readable: true });
    expect(await handshakeFrom(sent, session.token!)).toBe('connected');
    // removed as typed, too
    expect(expectOk(await admin.client.call('admin:origins:remove', { pattern: 'https://bücher.example.test' })).added).toEqual([]);
    expect((await sessionFrom(sent)).status).toBe(403);
  });

  it('hold on another process at its next request: nothing is kept in a process', async () => {
    h = await startHarness();
    const admin = await onlineAdmin(h);
    // another process's check on the same database, made before the change
    const elsewhere = siteOrigins(h.app.db, [SITE_ORIGIN]);
    expect(await elsewhere.allows(SHOP)).toBe(false);
    expectOk(await admin.client.call('admin:origins:add', { pattern: SHOP }));
    expect(await elsewhere.allows(SHOP)).toBe(true);
    expectOk(await admin.client.call('admin:origins:remove', { pattern: SHOP }));
    expect(await elsewhere.allows(SHOP)).toBe(false);
    expect(await elsewhere.allows(undefined)).toBe(false);
  });

  it('refuse what is not a web site, a default port, any host, a repeat and a server entry, storing nothing', async () => {
    h = await startHarness();
    const admin = await onlineAdmin(h);
    for (const pattern of [
      'shop.example.test',
      'https://shop.example.test/cart',
      'https://shop.example.test:443',
      'http://shop.example.test:80',
      'https://*',
      'javascript:alert(1)',
      'chrome-extension://abc',
      'https://user@shop.example.test',
      '',
    ]) {
      expect(await admin.client.call('admin:origins:add', { pattern }), pattern).toEqual({ ok: false, error: 'invalid_payload' });
    }
    expectOk(await admin.client.call('admin:origins:add', { pattern: SHOP }));
    expect(await admin.client.call('admin:origins:add', { pattern: SHOP })).toEqual({ ok: false, error: 'conflict' });
    expect(await admin.client.call('admin:origins:add', { pattern: SITE_ORIGIN })).toEqual({ ok: false, error: 'conflict' });
    // a server entry is changed on the server, and a site never added is not found
    expect(await admin.client.call('admin:origins:remove', { pattern: SITE_ORIGIN })).toEqual({ ok: false, error: 'not_found' });
    expect(await admin.client.call('admin:origins:remove', { pattern: 'https://other.example.test' })).toEqual({ ok: false, error: 'not_found' });
    expect(expectOk(await admin.client.call('admin:origins:get', {})).added.map((a) => a.pattern)).toEqual([SHOP]);
    expect((await auditEntries(h, { targetType: 'origin' })).length).toBe(1);
  });

  it('are audited with the admin, the site, and the values before and after', async () => {
    h = await startHarness();
    const admin = await onlineAdmin(h);
    expectOk(await admin.client.call('admin:origins:add', { pattern: SHOP }));
    h.clock.advance(1_000);
    expectOk(await admin.client.call('admin:origins:remove', { pattern: SHOP }));
    const entries = await auditEntries(h, { targetType: 'origin' });
    expect(entries.map((e) => [e.action, e.actorId, e.targetId, e.before, e.after])).toEqual([
      ['origin.remove', admin.agent.id, SHOP, { pattern: SHOP }, null],
      ['origin.add', admin.agent.id, SHOP, null, { pattern: SHOP }],
    ]);
  });

  it('are listed, added and removed through the admin HTTP API too, by admins only', async () => {
    h = await startHarness();
    const admin = await onlineAdmin(h);
    const agent = await h.addAgent('Not Admin');
    const call = (method: string, path: string, token: string, body?: unknown) =>
      fetch(`${h.url}/api/admin/${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, origin: AGENT_ORIGIN, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });

    expect((await call('POST', 'origins', agent.token, { pattern: SHOP })).status).toBe(403);
    expect((await call('POST', 'origins', admin.token, { pattern: 'https://shop.example.test/cart' })).status).toBe(400);
    const added = await call('POST', 'origins', admin.token, { pattern: SHOP });
    expect(added.status).toBe(200);
    expect(((await added.json()) as { added: Array<{ pattern: string }> }).added.map((a) => a.pattern)).toEqual([SHOP]);
    const repeat = await call('POST', 'origins', admin.token, { pattern: SHOP });
    expect([repeat.status, ((await repeat.json()) as { error: string }).error]).toEqual([400, 'conflict']);
    expect((await sessionFrom(SHOP)).status).toBe(200);

    const listed = await call('GET', 'origins', admin.token);
    expect(await listed.json()).toEqual({ fromServer: [SITE_ORIGIN], added: [{ pattern: SHOP, addedAt: h.clock.now() }] });
    expect((await call('DELETE', `origins/${encodeURIComponent(SHOP)}`, agent.token)).status).toBe(403);
    const removed = await call('DELETE', `origins/${encodeURIComponent(SHOP)}`, admin.token);
    expect(((await removed.json()) as { added: unknown[] }).added).toEqual([]);
    expect((await sessionFrom(SHOP)).status).toBe(403);
    expect((await auditEntries(h, { targetType: 'origin' })).map((e) => e.action)).toEqual(['origin.remove', 'origin.add']);
  });

  it('are listed, added and removed from the shell (npm run admin), audited with no actor', async () => {
    h = await startHarness();
    const admin = (...args: string[]) => runAdminCommand(args, h.app.db, h.clock, h.config);
    expect(await admin('origin-add', '--origin', 'HTTPS://Shop.Example.test')).toBe(`added ${SHOP}`);
    expect(JSON.parse(await admin('origins'))).toEqual({ fromServer: [SITE_ORIGIN], added: [{ pattern: SHOP, addedAt: h.clock.now() }] });
    expect((await sessionFrom(SHOP)).status).toBe(200);
    await expect(admin('origin-add', '--origin', 'shop.example.test')).rejects.toThrow(/not a site origin/);
    await expect(admin('origin-add', '--origin', SHOP)).rejects.toThrow(/added already/);
    await expect(admin('origin-add')).rejects.toThrow(/missing --origin/);
    expect(await admin('origin-delete', '--origin', SHOP)).toBe(`deleted ${SHOP}`);
    await expect(admin('origin-delete', '--origin', SHOP)).rejects.toThrow(/not an added site/);
    expect((await sessionFrom(SHOP)).status).toBe(403);
    expect((await auditEntries(h, { targetType: 'origin' })).map((e) => [e.action, e.actorId])).toEqual([
      ['origin.remove', null],
      ['origin.add', null],
    ]);
  });
});
