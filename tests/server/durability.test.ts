/**
 * SQLite commits without syncing (WAL, synchronous = NORMAL) and its log is fsynced apart, on the
 * thread pool, before a transaction's caller goes on. These tests pin that down: nobody is answered
 * before the fsync that covers their commit has finished.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../server/db/connect.ts';
import { fdatasync } from 'node:fs';
import { migrateToLatest } from '../../server/db/migrate.ts';
import type { DB } from '../../server/db/schema.ts';
import { CACHE_KIB, durableAutocommitWrites, openSqlite, registerSqliteFile, sqliteFileOf, walSyncer } from '../../server/db/sqlite.ts';
import { createMessageWriter } from '../../server/services/message-writer.ts';
import { systemClock } from '../../server/src/clock.ts';
import { durabilityOf, inTransaction } from '../../server/db/tx.ts';
import { loadConfig } from '../../server/src/config.ts';

const dirs: string[] = [];
function tempFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-durable-'));
  dirs.push(dir);
  return join(dir, 'db.sqlite');
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** An fsync that finishes only when the test says so. */
function manualSync() {
  const pending: Array<(error: Error | null) => void> = [];
  return {
    pending,
    sync: (_fd: number, done: (error: Error | null) => void) => void pending.push(done),
    finish: (i = 0) => pending.splice(i, 1)[0]!(null),
  };
}

const settled = async (p: Promise<unknown>) => {
  let done = false;
  void p.then(() => (done = true));
  for (let i = 0; i < 5; i++) await Promise.resolve();
  await new Promise((r) => setImmediate(r));
  return done;
};

describe('the SQLite log is synced before anyone is answered', () => {
  it('runs WAL with synchronous = NORMAL; the fsync is the syncer’s', async () => {
    const db = openSqlite(tempFile());
    try {
      const mode = db.prepare('pragma journal_mode').all([]) as { journal_mode: string }[];
      const sync = db.prepare('pragma synchronous').all([]) as { synchronous: number }[];
      expect(mode[0]!.journal_mode).toBe('wal');
      expect(sync[0]!.synchronous).toBe(1); // NORMAL
      const cache = db.prepare('pragma cache_size').all([]) as { cache_size: number }[];
      expect(cache[0]!.cache_size).toBe(-CACHE_KIB); // negative: KiB rather than pages
    } finally {
      db.close();
      await db.closed();
    }
  });

  it('a caller waits for the first fsync that starts after it asked, and callers in between share one', async () => {
    const file = tempFile();
    const db = openSqlite(file);
    db.prepare('create table t (x)').run([]);
    const fs = manualSync();
    const wal = walSyncer(file, { syncFile: fs.sync });
    try {
      const first = wal.durable();
      expect(fs.pending).toHaveLength(1);
      // asked while the first fsync runs: it may have started before these commits
      const second = wal.durable();
      const third = wal.durable();
      expect(fs.pending).toHaveLength(1);
      fs.finish();
      expect(await settled(first)).toBe(true);
      expect(await settled(second)).toBe(false);
      // one more fsync serves both
      expect(fs.pending).toHaveLength(1);
      fs.finish();
      expect(await settled(second)).toBe(true);
      expect(await settled(third)).toBe(true);
      expect(fs.pending).toHaveLength(0);
    } finally {
      wal.close();
      db.close();
      await db.closed();
    }
  });

  it('a failed fsync fails its callers, and the next caller gets a fresh fsync', async () => {
    const file = tempFile();
    const db = openSqlite(file);
    db.prepare('create table t (x)').run([]);
    const pending: Array<(error: Error | null) => void> = [];
    const wal = walSyncer(file, { syncFile: (_fd, done) => void pending.push(done) });
    try {
      const failing = wal.durable();
      pending.shift()!(new Error('EIO'));
      await expect(failing).rejects.toThrow('EIO');
      const later = wal.durable();
      expect(pending).toHaveLength(1);
      pending.shift()!(null);
      await expect(later).resolves.toBeUndefined();
    } finally {
      wal.close();
      db.close();
      await db.closed();
    }
  });

  it('inTransaction returns only after the durability wait, with the commit visible', async () => {
    let database: Database | undefined;
    const dir = mkdtempSync(join(tmpdir(), 'switchboard-durable-'));
    dirs.push(dir);
    try {
      database = await openDatabase(loadConfig({ DATA_DIR: dir }));
      const { db } = database;
      let release!: () => void;
      // the same file, with a log sync the test ends by hand
      registerSqliteFile(db, { ...sqliteFileOf(db)!, durable: () => new Promise<void>((r) => (release = r)) });
      const write = inTransaction(db, (trx) => sql`insert into routing_settings (key, value) values ('probe', '1')`.execute(trx));
      // committed (another reader sees it), but the caller is not answered yet
      await expect
        .poll(async () => (await db.selectFrom('routing_settings').select('value').where('key', '=', 'probe').executeTakeFirst())?.value)
        .toBe('1');
      expect(await settled(write)).toBe(false);
      release();
      expect(await settled(write)).toBe(true);
    } finally {
      await database?.close();
    }
  });

  it('a file database opened by the service has the log syncer registered, and its real fsync completes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'switchboard-durable-'));
    dirs.push(dir);
    const database = await openDatabase(loadConfig({ DATA_DIR: dir }));
    try {
      const durable = durabilityOf(database.db);
      expect(durable).toBeTypeOf('function');
      await expect(durable!()).resolves.toBeUndefined();
      for (let i = 0; i < 3; i++) {
        await inTransaction(database.db, (trx) => sql`insert into routing_settings (key, value) values (${`k${i}`}, '1')`.execute(trx));
      }
      const rows = await database.db.selectFrom('routing_settings').select('key').where('key', 'like', 'k%').execute();
      expect(rows.map((r) => r.key).sort()).toEqual(['k0', 'k1', 'k2']);
    } finally {
      await database.close();
    }
  });
});

describe('a write outside a transaction', () => {
  it('is counted for a sync; reads, writes that change nothing and writes inside a transaction are not', async () => {
    const file = tempFile();
    const fs = manualSync();
    const db = openSqlite(file, { logSync: { syncFile: fs.sync } });
    try {
      db.prepare('create table t (x integer)').run([]);
      expect(db.prepare('select count(*) as n from t').all([])).toEqual([{ n: 0 }]);
      expect(db.syncAutocommitWrites()).toBeUndefined();
      // a read that starts with a common table expression is a read too
      expect(db.prepare('with c as (select count(*) as n from t) select n, ? as updated_at from c').all([7])).toEqual([{ n: 0, updated_at: 7 }]);
      expect(db.syncAutocommitWrites()).toBeUndefined();
      expect(db.prepare('insert into t (x) values (?) returning x').all([1])).toEqual([{ x: 1 }]);
      const first = db.syncAutocommitWrites()!;
      expect(fs.pending).toHaveLength(1);
      expect(await settled(first)).toBe(false);
      fs.finish();
      expect(await settled(first)).toBe(true);
      expect(db.syncAutocommitWrites()).toBeUndefined();
      const update = db.prepare('update t set x = ? where x = ?');
      expect(Number(update.run([3, 99]).changes)).toBe(0);
      expect(db.syncAutocommitWrites()).toBeUndefined();
      // inside a transaction the commit's caller waits for the log sync instead (inTransaction)
      db.prepare('begin').run([]);
      update.run([4, 1]);
      db.prepare('commit').run([]);
      expect(db.syncAutocommitWrites()).toBeUndefined();
      // a common table expression in front of a write does not hide it
      db.prepare('with v as (select 5 as x) insert into t (x) select x from v').run([]);
      const third = db.syncAutocommitWrites()!;
      expect(third).toBeInstanceOf(Promise);
      fs.finish();
      expect(await settled(third)).toBe(true);
    } finally {
      db.close();
      await db.closed();
    }
  });

  it("answers the query only after its fsync, without blocking: other work goes on meanwhile", async () => {
    const file = tempFile();
    const fs = manualSync();
    const sqlite = openSqlite(file, { logSync: { syncFile: fs.sync } });
    const db = new Kysely<{ t: { x: number } }>({ dialect: new SqliteDialect({ database: sqlite }), plugins: [durableAutocommitWrites(sqlite)] });
    try {
      await sql`create table t (x integer)`.execute(db);
      const write = db.insertInto('t').values({ x: 1 }).execute();
      await expect.poll(() => fs.pending.length).toBe(1);
      // the event loop is free: a timer fires, and the row is committed for any reader
      await new Promise((r) => setTimeout(r, 1));
      expect(sqlite.prepare('select count(*) as n from t').all([])).toEqual([{ n: 1 }]);
      expect(await settled(write)).toBe(false);
      // a second write while the first fsync runs waits for the next one, which covers both
      const second = db.insertInto('t').values({ x: 2 }).execute();
      fs.finish();
      expect(await settled(write)).toBe(true);
      expect(await settled(second)).toBe(false);
      await expect.poll(() => fs.pending.length).toBe(1);
      fs.finish();
      expect(await settled(second)).toBe(true);
      // nothing unsynced: a read does not wait
      expect(await db.selectFrom('t').select('x').execute()).toHaveLength(2);
      expect(fs.pending).toHaveLength(0);
    } finally {
      await db.destroy();
      await sqlite.closed();
    }
  });
});

describe('a batch of chat messages', () => {
  it('is committed straight on the file, and its senders are answered only after the fsync that covers it', async () => {
    const file = tempFile();
    // real fsyncs while the schema is made, held by the test from then on
    let hold = false;
    const held: Array<(error: Error | null) => void> = [];
    const sqlite = openSqlite(file, { logSync: { syncFile: (fd, done) => (hold ? held.push(done) : fdatasync(fd, done)) } });
    const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: sqlite }), plugins: [durableAutocommitWrites(sqlite)] });
    registerSqliteFile(db, sqlite);
    try {
      await migrateToLatest(db);
      await db.insertInto('visitors').values({ id: 'v1', name: 'Ada', email: null, job_title: null, phone: null, crm_status: null, created_at: 0 }).execute();
      await db
        .insertInto('conversations')
        .values({
          id: 'c1', visitor_id: 'v1', agent_id: null, status: 'waiting', last_seq: 0, page_url: null, created_at: 0, ended_at: null,
          ended_by: null, site_key: null, offers_made: 0, queued_at: 0, queue_position: null, last_activity_at: 0,
        })
        .execute();
      hold = true;
      const writer = createMessageWriter({ db, clock: systemClock });
      const visitor = { kind: 'visitor', visitorId: 'v1' } as const;
      const sends = [1, 2, 3].map((i) => writer.send(visitor, { conversationId: 'c1', clientId: `m${i}`, body: `hello ${i}` }));
      await expect.poll(() => held.length).toBe(1);
      // committed and visible to any reader; nobody is answered before the log is on disk
      expect(sqlite.prepare('select seq, body from messages order by seq').all([])).toEqual([
        { seq: 1, body: 'hello 1' },
        { seq: 2, body: 'hello 2' },
        { seq: 3, body: 'hello 3' },
      ]);
      expect(await Promise.all(sends.map(settled))).toEqual([false, false, false]);
      held.shift()!(null);
      const outcomes = await Promise.all(sends);
      expect(outcomes.map((o) => o.result.seq)).toEqual([1, 2, 3]);
      expect(held).toHaveLength(0);
    } finally {
      hold = false;
      await db.destroy();
      await sqlite.closed();
    }
  });
});
