/**
 * SQLite, two connections to one file, as the admin CLI beside a running server: a transaction that read,
 * then meets a commit of the other connection before its first write, gets SQLITE_BUSY_SNAPSHOT ("database
 * is locked") at once. inTransaction runs it again from its reads, so the command succeeds.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../server/db/connect.ts';
import { inTransaction } from '../../server/db/tx.ts';
import { loadConfig } from '../../server/src/config.ts';
import { startHarness, type Harness } from './helpers.ts';

let h: Harness | undefined;
let other: Database | undefined;
afterEach(async () => {
  await other?.close();
  other = undefined;
  await h?.close();
  h = undefined;
});

const routingValue = (db: Database['db'], key: string) =>
  db.selectFrom('routing_settings').select('value').where('key', '=', key).executeTakeFirst();

describe('a SQLite transaction that another connection wrote under', () => {
  it('is run again from its reads, and what it writes is stored once', async () => {
    h = await startHarness();
    // a second connection to the same file, as the admin CLI opens one
    other = await openDatabase(loadConfig({ DATA_DIR: h.config.dataDir }));
    let attempts = 0;
    const seen = await inTransaction(other.db, async (trx) => {
      attempts += 1;
      const before = await routingValue(trx, 'retry-probe-server');
      // the first time round, the server commits between this transaction's read and its write
      if (attempts === 1) await h!.app.db.insertInto('routing_settings').values({ key: 'retry-probe-server', value: '"written by the server"' }).execute();
      await trx.insertInto('routing_settings').values({ key: 'retry-probe-cli', value: '"written by the CLI"' }).execute();
      return before?.value ?? null;
    });
    expect(attempts).toBe(2);
    // the second run read what the server had committed
    expect(seen).toBe('"written by the server"');
    expect(await routingValue(h.app.db, 'retry-probe-cli')).toEqual({ value: '"written by the CLI"' });
  });
});
