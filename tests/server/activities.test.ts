import { afterEach, describe, expect, it } from 'vitest';
import { insertActivity } from '../../server/db/activities.ts';
import { activityRetention, listActivities, pruneActivities } from '../../server/services/activities.ts';
import { signEmail } from '../../server/services/identity.ts';
import { activeChat, expectOk, startHarness, type Harness, type VisitorClient } from './helpers.ts';

let h: Harness;
afterEach(async () => {
  await h?.close();
});

const DAY = 86_400_000;
const SECRET = 'a-site-secret-of-at-least-32-characters';

/** The visitor a client connected as, from the server's side of its socket (ids match on both ends). */
function visitorIdOf(v: VisitorClient): string {
  const socket = h.app.io.of('/visitor').sockets.get(v.socket.id!);
  if (!socket) throw new Error('visitor socket not found');
  return (socket.data as { visitorId: string }).visitorId;
}

async function activityCount(): Promise<number> {
  const row = await h.app.db.selectFrom('activities').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

describe('page visits (R15)', () => {
  it('records each page with its address, title and time, newest first', async () => {
    h = await startHarness();
    const v = await h.connectVisitor();
    expectOk(await v.call('activity:page', { url: 'https://example.test/', title: 'Home' }));
    const first = h.clock.now();
    h.clock.advance(60_000);
    expect(await v.call('activity:page', { url: 'https://example.test/pricing', title: 'Pricing' })).toEqual({ ok: true, data: null });
    const history = await listActivities(h.app.db, { visitorId: visitorIdOf(v) }, h.clock.now());
    expect(history?.map((a) => [a.type, a.url, a.title, a.at])).toEqual([
      ['page_visit', 'https://example.test/pricing', 'Pricing', first + 60_000],
      ['page_visit', 'https://example.test/', 'Home', first],
    ]);
  });

  it('refuses addresses that are not web URLs and a flood of visits', async () => {
    h = await startHarness();
    const v = await h.connectVisitor();
    for (const url of ['javascript alert', 'javascript:alert(1)', 'data:text/html,<b>x</b>', 'file:///etc/passwd']) {
      expect(await v.raw('activity:page', { url, title: 'x' })).toEqual({ ok: false, error: 'invalid_payload' });
    }
    // nor as the page a chat starts from, which the agent may open
    expect(await v.raw('chat:start', { name: 'V', email: 'v@example.test', pageUrl: 'javascript:alert(1)' })).toEqual({ ok: false, error: 'invalid_payload' });
    const answers = [];
    for (let i = 0; i < 31; i++) answers.push(await v.call('activity:page', { url: `https://example.test/${i}`, title: '' }));
    expect(answers.slice(0, 30).every((a) => a.ok)).toBe(true);
    expect(answers[30]).toEqual({ ok: false, error: 'rate_limited' });
    h.clock.advance(60_000);
    expect((await v.call('activity:page', { url: 'https://example.test/later', title: '' })).ok).toBe(true);
  });
});

describe('listActivities', () => {
  it('answers nothing for a visitor that does not exist', async () => {
    h = await startHarness();
    expect(await listActivities(h.app.db, { visitorId: 'nobody' }, h.clock.now())).toBeUndefined();
  });
});

describe('one history per verified contact (R11)', () => {
  it('the same contact in another browser sees one history, earlier visits included', async () => {
    h = await startHarness({ SITE_SECRET: SECRET });
    const email = 'vera@example.test';
    const office = await h.connectVisitor();
    expectOk(await office.call('visitor:identify', { email, issuedAt: Math.floor(h.clock.now() / 1000), signature: signEmail(email, Math.floor(h.clock.now() / 1000), SECRET) }));
    expectOk(await office.call('activity:page', { url: 'https://example.test/office', title: 'At the office' }));
    h.clock.advance(1000);
    const home = await h.connectVisitor();
    // browsing before the page knows who it is
    expectOk(await home.call('activity:page', { url: 'https://example.test/home', title: 'At home' }));
    expectOk(await home.call('visitor:identify', { email, issuedAt: Math.floor(h.clock.now() / 1000), signature: signEmail(email, Math.floor(h.clock.now() / 1000), SECRET) }));

    for (const v of [office, home]) {
      const history = await listActivities(h.app.db, { visitorId: visitorIdOf(v) }, h.clock.now());
      expect(history?.map((a) => a.title)).toEqual(['At home', 'At the office']);
    }
  });
});

describe('the 90-day window and retention (R11)', () => {
  it('lists only the last 90 days', async () => {
    h = await startHarness();
    const v = await h.connectVisitor();
    const visitorId = visitorIdOf(v);
    const now = h.clock.now();
    for (const [daysAgo, title] of [[91, 'too old'], [89, 'recent'], [1, 'yesterday']] as const) {
      await insertActivity(h.app.db, { visitorId, type: 'page_visit', at: now - daysAgo * DAY, url: 'https://example.test/', title });
    }
    const history = await listActivities(h.app.db, { visitorId }, now);
    expect(history?.map((a) => a.title)).toEqual(['yesterday', 'recent']);
  });

  it('the retention job deletes activities older than the retention period and keeps the rest', async () => {
    h = await startHarness({ ACTIVITY_RETENTION_DAYS: '30' });
    const v = await h.connectVisitor();
    const visitorId = visitorIdOf(v);
    const now = h.clock.now();
    await insertActivity(h.app.db, { visitorId, type: 'page_visit', at: now - 31 * DAY, title: 'old' });
    await insertActivity(h.app.db, { visitorId, type: 'page_visit', at: now - 29 * DAY, title: 'kept' });
    const phase = activityRetention({ db: h.app.db, clock: h.clock, config: h.config });
    expect(await phase()).toEqual([]);
    const left = await h.app.db.selectFrom('activities').select('title').execute();
    expect(left.map((a) => a.title)).toEqual(['kept']);
  });

  it('runs in the sweep at most hourly', async () => {
    h = await startHarness({ ACTIVITY_RETENTION_DAYS: '30' });
    const visitorId = visitorIdOf(await h.connectVisitor());
    const phase = activityRetention({ db: h.app.db, clock: h.clock, config: h.config });
    await phase();
    await insertActivity(h.app.db, { visitorId, type: 'page_visit', at: h.clock.now() - 31 * DAY });
    h.clock.advance(59 * 60_000);
    await phase();
    expect(await activityCount()).toBe(1);
    h.clock.advance(60_000);
    await phase();
    expect(await activityCount()).toBe(0);
  });

  it('defaults to 90 days', async () => {
    h = await startHarness();
    expect(h.config.activityRetentionDays).toBe(90);
    const visitorId = visitorIdOf(await h.connectVisitor());
    const now = h.clock.now();
    await insertActivity(h.app.db, { visitorId, type: 'page_visit', at: now - 91 * DAY });
    await insertActivity(h.app.db, { visitorId, type: 'page_visit', at: now - 89 * DAY });
    expect(await pruneActivities(h.app.db, now, h.config.activityRetentionDays)).toBe(1);
    expect(await activityCount()).toBe(1);
  });
});
