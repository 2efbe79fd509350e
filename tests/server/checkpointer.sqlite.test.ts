/**
 * The SQLite log is copied back into the database by a worker thread with its own connection, not by
 * the commit that crosses 1,000 pages on the service's one thread (db/sqlite-checkpointer.ts).
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, describe, expect, it } from 'vitest';
import { FALLBACK_PAGES, type CheckpointRun } from '../../server/db/sqlite-checkpointer.ts';
import { openSqlite, type SqliteFile } from '../../server/db/sqlite.ts';

const dirs: string[] = [];
const open: SqliteFile[] = [];
function tempFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-checkpoint-'));
  dirs.push(dir);
  return join(dir, 'db.sqlite');
}
function openFile(file: string, checkpointEveryMs?: number): SqliteFile {
  const db = openSqlite(file, { checkpointEveryMs });
  open.push(db);
  return db;
}
afterEach(async () => {
  for (const db of open.splice(0)) {
    db.close();
    await db.closed();
  }
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/**
 * Resolves once the thread has copied all that was committed before the call: two checkpoints in a row
 * found the same log and copied all of it. (One reported just after the writes may have run during them.)
 */
const caughtUp = (db: SqliteFile) =>
  new Promise<CheckpointRun>((resolve) => {
    let last = -1;
    db.onCheckpoint((run) => {
      if (run.checkpointed === run.log && run.log === last) resolve(run);
      last = run.log;
    });
  });

/** `count` commits of one row with a blob of `bytes` each. */
function commitRows(db: SqliteFile, count: number, bytes = 100): void {
  for (let i = 0; i < count; i++) {
    db.prepare('begin').run([]);
    db.prepare('insert into t (payload) values (?)').run([new Uint8Array(bytes)]);
    db.prepare('commit').run([]);
  }
}

describe('the SQLite checkpointer thread', () => {
  it('leaves the service’s connection only a fallback threshold for checkpoints of its own', () => {
    const db = openFile(tempFile());
    const [row] = db.prepare('pragma wal_autocheckpoint').all([]) as Array<{ wal_autocheckpoint: number }>;
    expect(row!.wal_autocheckpoint).toBe(FALLBACK_PAGES);
  });

  it('copies committed rows into the database file itself, at its default pace', async () => {
    const file = tempFile();
    const db = openFile(file);
    db.prepare('create table t (id integer primary key, payload blob)').run([]);
    commitRows(db, 100);
    await caughtUp(db);
    // the database file alone, without its log: what the checkpoint copied and nothing else
    const copy = join(dirs.at(-1)!, 'copy.sqlite');
    copyFileSync(file, copy);
    expect(existsSync(`${copy}-wal`)).toBe(false);
    const reader = new DatabaseSync(copy, { readOnly: true });
    try {
      const { n } = reader.prepare('select count(*) as n from t').get() as { n: number };
      expect(n).toBe(100);
    } finally {
      reader.close();
    }
  });

  it('keeps the log small: once copied, the next commits write it from its start again', async () => {
    const file = tempFile();
    const db = openFile(file, 20);
    db.prepare('create table t (id integer primary key, payload blob)').run([]);
    let largest = 0;
    for (let round = 0; round < 10; round++) {
      commitRows(db, 100, 8_000);
      largest = Math.max(largest, statSync(`${file}-wal`).size);
      await caughtUp(db);
    }
    // one round writes 100 commits of 2–3 pages; ten rounds appended would be ten times that
    const round = 100 * 3 * 4_120;
    expect(largest).toBeLessThan(2 * round);
    const { n } = db.prepare('select count(*) as n from t').all([])[0] as { n: number };
    expect(n).toBe(1_000);
  });

  it('closes its connection with the service’s: the last one out removes the log', async () => {
    const file = tempFile();
    const db = openFile(file, 20);
    db.prepare('create table t (id integer primary key, payload blob)').run([]);
    commitRows(db, 10);
    open.splice(open.indexOf(db), 1);
    db.close();
    await db.closed();
    expect(existsSync(`${file}-wal`)).toBe(false);
    const reopened = new DatabaseSync(file);
    try {
      expect((reopened.prepare('select count(*) as n from t').get() as { n: number }).n).toBe(10);
    } finally {
      reopened.close();
    }
  });

  it('closes its connection before a process with nothing else to do ends', () => {
    const file = tempFile();
    // a process whose last work is closing the database, as the server's shutdown is
    const script = `
      import { openSqlite } from ${JSON.stringify(new URL('../../server/db/sqlite.ts', import.meta.url).href)};
      const db = openSqlite(${JSON.stringify(file)});
      db.prepare('create table t (id integer primary key)').run([]);
      db.close();
      await db.closed();
      console.log('closed');`;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(run.stderr).not.toContain('unsettled');
    expect(run.stdout.trim()).toBe('closed');
    expect(run.status).toBe(0);
    expect(existsSync(`${file}-wal`)).toBe(false);
  });
});
