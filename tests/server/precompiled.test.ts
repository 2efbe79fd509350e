import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { precompiled } from '../../server/db/precompiled.ts';
import { startHarness, type Harness } from './helpers.ts';

let h: Harness;
afterEach(async () => {
  await h?.close();
});

describe('precompiled queries', () => {
  it('reruns one compiled query with new values and keeps the values the builder put in itself', async () => {
    h = await startHarness();
    const [ada, bo, cy] = await Promise.all([h.addAgent('Ada'), h.addAgent('Bo'), h.addAgent('Cy')]);
    await h.app.db.updateTable('users').set({ disabled: 1 }).where('id', '=', cy!.agent.id).execute();
    const names = precompiled(
      h.app.db,
      (v: { ids: readonly string[]; prefix: string }) => `${v.ids.length}`,
      (db, v) =>
        db
          .selectFrom('users')
          .select('name')
          .where('id', 'in', v.ids)
          .where('disabled', '=', 0)
          .where('name', 'like', v.prefix)
          .orderBy('name'),
    );
    const run = async (ids: string[], prefix = '%') => (await names(h.app.db, { ids, prefix })).map((r) => r.name);
    const all = [ada!.agent.id, bo!.agent.id, cy!.agent.id];
    expect(await run(all)).toEqual(['Ada', 'Bo']);
    expect(await run([bo!.agent.id, cy!.agent.id, ada!.agent.id], 'B%')).toEqual(['Bo']);
    expect(await run([cy!.agent.id])).toEqual([]);
    expect(await run([ada!.agent.id])).toEqual(['Ada']);
    // inside a transaction too
    expect(await h.app.db.transaction().execute(async (trx) => (await names(trx, { ids: all, prefix: 'A%' })).map((r) => r.name))).toEqual(['Ada']);
  });

  it('refuses a query that puts a value into the SQL text instead of a parameter', async () => {
    h = await startHarness();
    const broken = precompiled(h.app.db, () => '', (db, v: { name: string }) => db.selectFrom('users').select('id').where('name', '=', sql.lit(v.name)));
    await expect(broken(h.app.db, { name: 'Ada' })).rejects.toThrow(/inlined/);
  });
});
