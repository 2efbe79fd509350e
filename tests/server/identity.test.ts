import { afterEach, describe, expect, it } from 'vitest';
import { listActivities } from '../../server/services/activities.ts';
import { signEmail, signatureValid } from '../../server/services/identity.ts';
import { activeChat, expectOk, startHarness, type Harness, type VisitorClient } from './helpers.ts';

let h: Harness;
afterEach(async () => {
  await h?.close();
});

const SECRET = 'a-site-secret-of-at-least-32-characters';
const EMAIL = 'Vera.Verified@example.test';
const DAY = 24 * 60 * 60_000;

/** An email signed now by the host's server, as the page passes it on. */
function signed(email: string, secret = SECRET) {
  const issuedAt = Math.floor(h.clock.now() / 1000);
  return { email, issuedAt, signature: signEmail(email, issuedAt, secret) };
}

/** The visitor a client connected as, from the server's side of its socket (ids match on both ends). */
function visitorIdOf(v: VisitorClient): string {
  const socket = h.app.io.of('/visitor').sockets.get(v.socket.id!);
  if (!socket) throw new Error('visitor socket not found');
  return (socket.data as { visitorId: string }).visitorId;
}

async function contacts(): Promise<number> {
  const row = await h.app.db.selectFrom('contacts').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

describe('signatures', () => {
  it('accepts the HMAC-SHA256 of the issue time and the email, and nothing else', () => {
    const now = Date.UTC(2026, 11, 2, 9, 0);
    const issuedAt = now / 1000;
    const signature = signEmail(EMAIL, issuedAt, SECRET);
    expect(signature).toMatch(/^[0-9a-f]{64}$/);
    expect(signatureValid({ email: EMAIL, issuedAt, signature }, SECRET, now, DAY)).toBe(true);
    expect(signatureValid({ email: EMAIL.toLowerCase(), issuedAt, signature }, SECRET, now, DAY)).toBe(false);
    expect(signatureValid({ email: EMAIL, issuedAt: issuedAt + 1, signature }, SECRET, now, DAY)).toBe(false);
    expect(signatureValid({ email: EMAIL, issuedAt, signature: signEmail(EMAIL, issuedAt, `${SECRET}x`) }, SECRET, now, DAY)).toBe(false);
    expect(signatureValid({ email: EMAIL, issuedAt, signature }, null, now, DAY)).toBe(false);
  });

  it('expires: older than the maximum age, or signed too far ahead of the clock, it proves nothing', () => {
    const now = Date.UTC(2026, 11, 2, 9, 0);
    const at = (ms: number) => ({ email: EMAIL, issuedAt: Math.floor(ms / 1000), signature: signEmail(EMAIL, Math.floor(ms / 1000), SECRET) });
    expect(signatureValid(at(now - DAY + 1000), SECRET, now, DAY)).toBe(true);
    expect(signatureValid(at(now - DAY - 1000), SECRET, now, DAY)).toBe(false);
    // the host's clock may run a little ahead of the service's
    expect(signatureValid(at(now + 60_000), SECRET, now, DAY)).toBe(true);
    expect(signatureValid(at(now + 10 * 60_000), SECRET, now, DAY)).toBe(false);
  });
});

describe('visitor:identify (R9, R15)', () => {
  it('a valid signature makes the visitor verified and shows every attribute to their agent', async () => {
    h = await startHarness({ SITE_SECRET: SECRET });
    const agent = await h.onlineAgent();
    const { visitor, conversationId } = await activeChat(h, agent.client);
    const ack = await visitor.call('visitor:identify', {
      name: 'Vera Verified',
      jobTitle: 'CTO',
      phone: '+46 8 123 45',
      crmStatus: 'Customer',
      company: 'Example AB',
      custom: { plan: 'enterprise' },
      ...signed(EMAIL),
    });
    expect(expectOk(ack)).toEqual({ verified: true });
    const updated = await agent.client.waitFor('visitor:updated', (c) => c.id === conversationId);
    expect(updated.visitor).toMatchObject({
      name: 'Vera Verified',
      email: EMAIL,
      jobTitle: 'CTO',
      phone: '+46 8 123 45',
      crmStatus: 'Customer',
      company: 'Example AB',
      custom: { plan: 'enterprise' },
      verified: true,
    });
    expect(await contacts()).toBe(1);
  });

  it('a wrong signature stores the attributes as unverified and makes no contact', async () => {
    h = await startHarness({ SITE_SECRET: SECRET });
    const agent = await h.onlineAgent();
    const { visitor, conversationId } = await activeChat(h, agent.client);
    const forged = signed(EMAIL, 'a-guess-at-the-secret-of-32-characters!');
    expect(expectOk(await visitor.call('visitor:identify', { ...forged, company: 'Forgery Ltd' }))).toEqual({
      verified: false,
    });
    const updated = await agent.client.waitFor('visitor:updated', (c) => c.id === conversationId);
    expect(updated.visitor).toMatchObject({ email: EMAIL, company: 'Forgery Ltd', verified: false });
    expect(await contacts()).toBe(0);
  });

  it('a signature older than IDENTITY_MAX_AGE_MS, replayed from another browser, is not verified and links nothing', async () => {
    h = await startHarness({ SITE_SECRET: SECRET, IDENTITY_MAX_AGE_MS: String(DAY) });
    const copied = signed(EMAIL);
    h.clock.advance(DAY + 60_000);
    const replay = await h.connectVisitor();
    expect(expectOk(await replay.call('visitor:identify', copied))).toEqual({ verified: false });
    expect(await contacts()).toBe(0);
    // the same email freshly signed by the host's server still works
    expect(expectOk(await replay.call('visitor:identify', signed(EMAIL)))).toEqual({ verified: true });
  });

  it('without SITE_SECRET nothing is verified, not even a correctly made signature', async () => {
    h = await startHarness();
    const visitor = await h.connectVisitor();
    const ack = await visitor.call('visitor:identify', signed(EMAIL));
    expect(expectOk(ack)).toEqual({ verified: false });
    expect(await contacts()).toBe(0);
  });

  it('an unsigned claim to a verified contact’s email is never merged with it', async () => {
    h = await startHarness({ SITE_SECRET: SECRET });
    const real = await h.connectVisitor();
    expectOk(await real.call('visitor:identify', signed(EMAIL)));
    expectOk(await real.call('activity:page', { url: 'https://example.test/private', title: 'Account' }));
    const impostor = await h.connectVisitor();
    expect(expectOk(await impostor.call('visitor:identify', { email: EMAIL }))).toEqual({ verified: false });
    expectOk(await impostor.call('activity:page', { url: 'https://example.test/pricing', title: 'Pricing' }));

    const impostorHistory = await listActivities(h.app.db, { visitorId: visitorIdOf(impostor) }, h.clock.now());
    expect(impostorHistory?.map((a) => a.url)).toEqual(['https://example.test/pricing']);
    const realHistory = await listActivities(h.app.db, { visitorId: visitorIdOf(real) }, h.clock.now());
    expect(realHistory?.map((a) => a.url)).toEqual(['https://example.test/private']);
    expect(await contacts()).toBe(1);
  });

  it('an unsigned new email unlinks a verified visitor; a statement without an email keeps the link', async () => {
    h = await startHarness({ SITE_SECRET: SECRET });
    const visitor = await h.connectVisitor();
    expectOk(await visitor.call('visitor:identify', signed(EMAIL)));
    expect(expectOk(await visitor.call('visitor:identify', { phone: '+46 70 000' }))).toEqual({ verified: true });
    expect(expectOk(await visitor.call('visitor:identify', { email: 'someone.else@example.test' }))).toEqual({ verified: false });
  });

  it('shows the chat verified only while it carries the proven email', async () => {
    h = await startHarness({ SITE_SECRET: SECRET });
    const agent = await h.onlineAgent();
    const proven = await h.connectVisitor();
    expectOk(await proven.call('visitor:identify', signed(EMAIL)));
    const same = expectOk(await proven.call('chat:start', { name: 'Vera', email: EMAIL.toLowerCase() }));
    expect((await agent.client.waitFor('offer:created', (o) => o.conversationId === same.conversation.id)).conversation.visitor.verified).toBe(true);
    expectOk(await proven.call('conversation:end', { conversationId: same.conversation.id }));

    const other = expectOk(await proven.call('chat:start', { name: 'Vera', email: 'typed.another@example.test' }));
    const offer = await agent.client.waitFor('offer:created', (o) => o.conversationId === other.conversation.id);
    expect(offer.conversation.visitor).toMatchObject({ email: 'typed.another@example.test', verified: false });
  });

  it('refuses malformed attributes: a bad email, a short signature, too many custom fields', async () => {
    h = await startHarness({ SITE_SECRET: SECRET });
    const visitor = await h.connectVisitor();
    const custom = Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`f${i}`, 'x']));
    for (const input of [{ email: 'not-an-email' }, { email: EMAIL, signature: 'abc' }, { custom }, { unknown: 1 }]) {
      expect(await visitor.raw('visitor:identify', input)).toEqual({ ok: false, error: 'invalid_payload' });
    }
  });

  it('refuses a flood of identify calls from one connection', async () => {
    h = await startHarness();
    const visitor = await h.connectVisitor();
    const answers = [];
    for (let i = 0; i < 11; i++) answers.push(await visitor.call('visitor:identify', { name: `Name ${i}` }));
    expect(answers.slice(0, 10).every((a) => a.ok)).toBe(true);
    expect(answers[10]).toEqual({ ok: false, error: 'rate_limited' });
  });
});
