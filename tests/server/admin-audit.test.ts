import { afterEach, describe, expect, it } from 'vitest';
import { listSites } from '../../server/db/routing-config.ts';
import { listAudit, recordAudit } from '../../server/services/audit.ts';
import { putSite } from '../../server/services/routing-admin.ts';
import { expectOk, startHarness, type Harness } from './helpers.ts';
import { onlineAdmin } from './admin-fixture.ts';

let h: Harness;
afterEach(async () => {
  await h?.close();
});

const MINUTE = 60_000;

describe('audit log', () => {
  it('lists newest first and filters by actor, action, target and date range', async () => {
    h = await startHarness();
    const record = (actorId: string | null, action: 'team.put' | 'rule.put' | 'agent.disable', targetId: string) =>
      recordAudit(h.app.db, h.clock, { actorId, action, targetId, before: null, after: { n: targetId } });
    const start = h.clock.now();
    await record('ann', 'team.put', 't1');
    h.clock.advance(MINUTE);
    await record('ben', 'rule.put', 'r1');
    h.clock.advance(MINUTE);
    await record(null, 'agent.disable', 'a1');
    h.clock.advance(MINUTE);
    await record('ann', 'rule.put', 'r2');

    const targets = async (filter: Parameters<typeof listAudit>[1]) => (await listAudit(h.app.db, filter)).items.map((e) => e.targetId);
    expect(await targets({})).toEqual(['r2', 'a1', 'r1', 't1']);
    expect(await targets({ actorId: 'ann' })).toEqual(['r2', 't1']);
    expect(await targets({ action: 'rule.put' })).toEqual(['r2', 'r1']);
    expect(await targets({ targetType: 'agent' })).toEqual(['a1']);
    expect(await targets({ targetId: 'r1' })).toEqual(['r1']);
    expect(await targets({ from: start + MINUTE, to: start + 3 * MINUTE })).toEqual(['a1', 'r1']);
    expect((await listAudit(h.app.db, { targetId: 't1' })).items).toEqual([
      { id: expect.any(String), at: start, actorId: 'ann', action: 'team.put', targetType: 'team', targetId: 't1', before: null, after: { n: 't1' } },
    ]);
  });

  it('pages by cursor without repeating or skipping entries written in the same millisecond', async () => {
    h = await startHarness();
    for (let i = 1; i <= 5; i++) await recordAudit(h.app.db, h.clock, { actorId: null, action: 'team.put', targetId: `t${i}`, before: null, after: null });
    const first = await listAudit(h.app.db, { limit: 2 });
    const second = await listAudit(h.app.db, { limit: 2, cursor: first.nextCursor! });
    const third = await listAudit(h.app.db, { limit: 2, cursor: second.nextCursor! });
    expect([first, second, third].flatMap((p) => p.items.map((e) => e.targetId))).toEqual(['t5', 't4', 't3', 't2', 't1']);
    expect(third.nextCursor).toBeNull();
  });

  it('is written in the transaction of the change: when the entry cannot be written, the change is not made', async () => {
    h = await startHarness();
    await h.app.db.schema.dropTable('audit_log').execute();
    await expect(putSite({ db: h.app.db, clock: h.clock, actorId: null }, { siteKey: 'shop', strategy: { kind: 'least_busy' } })).rejects.toThrow();
    expect(await listSites(h.app.db)).toEqual([]);
  });

  it('admin:audit:list answers pages and refuses a cursor it did not make', async () => {
    h = await startHarness();
    const admin = await onlineAdmin(h);
    expectOk(await admin.client.call('admin:sites:put', { siteKey: 'shop', strategy: { kind: 'least_busy' } }));
    h.clock.advance(MINUTE);
    expectOk(await admin.client.call('admin:sites:put', { siteKey: 'shop', strategy: { kind: 'round_robin' } }));
    const page = expectOk(await admin.client.call('admin:audit:list', { actorId: admin.agent.id, limit: 1 }));
    expect(page.items).toMatchObject([{ action: 'site.put', before: { strategy: { kind: 'least_busy' } }, after: { strategy: { kind: 'round_robin' } } }]);
    const next = expectOk(await admin.client.call('admin:audit:list', { actorId: admin.agent.id, limit: 1, cursor: page.nextCursor! }));
    expect(next).toMatchObject({ items: [{ before: null, after: { strategy: { kind: 'least_busy' } } }], nextCursor: null });
    expect(await admin.client.call('admin:audit:list', { cursor: 'not-a-cursor' })).toEqual({ ok: false, error: 'invalid_payload' });
  });
});
