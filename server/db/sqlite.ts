/**
 * Node's built-in `node:sqlite`, shaped like the better-sqlite3 subset that Kysely's SqliteDialect uses.
 */
import { mkdirSync, openSync, closeSync, fdatasync, fsyncSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync, type SQLInputValue, type StatementSync } from 'node:sqlite';
import type { KyselyPlugin, SqliteDatabase, SqliteStatement } from 'kysely';
import { startCheckpointer, type CheckpointRun } from './sqlite-checkpointer.ts';

/**
 * Preparing a statement costs more than running a small one, and Kysely compiles one query shape to
 * the same SQL text every time, so statements are kept by their text. Bounded, least recently used
 * first out: `in (?, ?, …)` lists of every length would otherwise grow it without end.
 */
const STATEMENT_CACHE_SIZE = 500;

/** SQLite's page cache for the service's connection, in KiB. */
export const CACHE_KIB = 64 * 1024;

function toParams(parameters: ReadonlyArray<unknown>): SQLInputValue[] {
  // node:sqlite binds no booleans; flags are stored as 0/1
  return parameters.map((p) => (typeof p === 'boolean' ? Number(p) : (p as SQLInputValue)));
}

interface Cached {
  stmt: StatementSync;
  reader: boolean;
  /** may change data: outside a transaction it commits by itself */
  writes: boolean;
}

const WRITE = /^\s*(insert|update|delete|replace)\b/i;
/** a `with …` statement writes only if one of its parts does; a read-only one is a read */
const WITH = /^\s*with\b/i;
const WRITE_ANYWHERE = /\b(insert|update|delete|replace)\b/i;
const mayWrite = (sql: string) => WRITE.test(sql) || (WITH.test(sql) && WRITE_ANYWHERE.test(sql));

/** An open SQLite file, and the way to wait until what it committed is on disk. */
export interface SqliteFile extends SqliteDatabase {
  /**
   * Resolves once everything committed before the call is on disk (an fsync of the write-ahead log
   * that started after the call). Callers that answer anyone await it after their commit.
   */
  durable(): Promise<void>;
  /**
   * Resolves once every write that committed by itself (outside a transaction) so far is on disk;
   * undefined when all of them already are. See `durableAutocommitWrites`.
   */
  syncAutocommitWrites(): Promise<void> | undefined;
  /** Each checkpoint of the log by the checkpointer thread (none for an in-memory database). */
  onCheckpoint(listener: (run: CheckpointRun) => void): void;
  /**
   * After `close()`: resolves once the checkpointer thread has closed its connection too. The last
   * connection out checkpoints and removes the log, so the files are settled only then.
   */
  closed(): Promise<void>;
}

/**
 * Durability, as with `synchronous = FULL`, without holding the event loop: SQLite commits in WAL mode
 * with `synchronous = NORMAL` — the log's frames are written but not synced — and the WAL is fsynced on
 * libuv's thread pool before a transaction's caller goes on (db/tx.ts inTransaction). An acked message
 * is therefore on disk, as FULL would have it, while the 4–5 ms of an fsync no longer stop every other
 * socket. Concurrent callers share one fsync: a caller waits for the first fsync that starts after
 * it asked. A checkpoint is synced by SQLite itself (NORMAL syncs the log before and the database after).
 */
/**
 * How the log file is synced: on the thread pool (tests finish it by hand). `fdatasync`, as SQLite
 * itself syncs on Linux: it flushes the data and whatever metadata reading it back needs (the size,
 * should the log have grown), and skips the journal commit a bare modification time would cost.
 */
export interface LogSync {
  syncFile(fd: number, done: (error: Error | null) => void): void;
}
const FILE_SYNC: LogSync = { syncFile: fdatasync };

export function walSyncer(file: string, { syncFile }: LogSync = FILE_SYNC): { durable(): Promise<void>; close(): void } {
  const wal = `${file}-wal`;
  let fd: number | undefined;
  const openLog = (): number => {
    if (fd === undefined) {
      fd = openSync(wal, 'r');
      // the log's directory entry too, once: a new file is durable only with its name
      const dir = openSync(dirname(wal), 'r');
      try {
        fsyncSync(dir);
      } finally {
        closeSync(dir);
      }
    }
    return fd;
  };
  let running: Promise<void> | undefined;
  let next: Promise<void> | undefined;
  const syncOnce = () =>
    new Promise<void>((resolve, reject) => {
      syncFile(openLog(), (error) => (error ? reject(error) : resolve()));
    });
  const durable = (): Promise<void> => {
    if (!running) {
      running = syncOnce().finally(() => (running = undefined));
      return running;
    }
    // an fsync is under way, but it may have started before our commit: wait for the one after it
    next ??= running.catch(() => undefined).then(() => {
      next = undefined;
      return durable();
    });
    return next;
  };
  const close = () => {
    if (fd !== undefined) closeSync(fd);
    fd = undefined;
  };
  return { durable, close };
}

export interface SqliteOptions {
  /** how the log is fsynced (tests hold it back) */
  logSync?: LogSync;
  /** how often the checkpointer thread copies the log into the database */
  checkpointEveryMs?: number;
}

export function openSqlite(file: string, { logSync = FILE_SYNC, checkpointEveryMs }: SqliteOptions = {}): SqliteFile {
  const memory = file === ':memory:';
  if (!memory) mkdirSync(dirname(file), { recursive: true });
  const db = new DatabaseSync(file);
  db.exec('PRAGMA journal_mode = WAL');
  // NORMAL, with the WAL fsynced by `durable()` before a commit's caller answers anyone: see walSyncer
  db.exec('PRAGMA synchronous = NORMAL');
  db.exec('PRAGMA foreign_keys = ON');
  // the admin CLI may write while the server runs
  db.exec('PRAGMA busy_timeout = 5000');
  // the default 2 MiB of cached pages is smaller than the messages' indexes after a day of chats: each
  // insert then read index pages back from the OS (load bench: INSERT 22 → 14 µs, COMMIT 240 → 187 µs)
  db.exec(`PRAGMA cache_size = -${CACHE_KIB}`);

  const cache = new Map<string, Cached>();
  function cached(sql: string): Cached {
    let entry = cache.get(sql);
    if (entry) {
      // re-insert: a Map iterates in insertion order, so the first key is the least recently used
      cache.delete(sql);
    } else {
      const stmt = db.prepare(sql);
      entry = { stmt, reader: stmt.columns().length > 0, writes: mayWrite(sql) };
      if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value!);
    }
    cache.set(sql, entry);
    return entry;
  }

  const wal = memory ? { durable: () => Promise.resolve(), close() {} } : walSyncer(file, logSync);
  const checkpointer = memory ? null : startCheckpointer(db, file, { everyMs: checkpointEveryMs });
  let closing: Promise<void> | undefined;
  /**
   * A write outside a transaction commits by itself. It is counted here, and its query's caller waits
   * for the fsync through `durableAutocommitWrites` — on the thread pool, as a transaction's caller
   * does: a blocking fsync here stopped every socket for 1–20 ms whenever the heartbeat wrote.
   */
  let autocommitWrites = 0;
  let syncedAutocommitWrites = 0;
  const afterStatement = (changed: boolean) => {
    if (changed && !db.isTransaction && !memory) autocommitWrites++;
  };
  return {
    durable: wal.durable,
    syncAutocommitWrites() {
      if (autocommitWrites === syncedAutocommitWrites) return undefined;
      const upTo = autocommitWrites;
      return wal.durable().then(() => {
        syncedAutocommitWrites = Math.max(syncedAutocommitWrites, upTo);
      });
    },
    onCheckpoint: (listener) => checkpointer?.onCheckpoint(listener),
    close: () => {
      closing = checkpointer?.close() ?? Promise.resolve();
      wal.close();
      db.close();
    },
    closed: () => closing ?? Promise.reject(new Error('closed() before close()')),
    prepare(sql: string): SqliteStatement {
      const { stmt, reader, writes } = cached(sql);
      return {
        reader,
        // all/run finish before they return, so sharing the statement between callers is safe
        all: (parameters) => {
          const rows = stmt.all(...toParams(parameters));
          afterStatement(writes && rows.length > 0);
          return rows;
        },
        run: (parameters) => {
          const result = stmt.run(...toParams(parameters));
          afterStatement(writes && Number(result.changes) > 0);
          return result;
        },
        // an iterator stays open across awaits, and running its statement again would reset it under
        // the reader: streams get a statement of their own
        iterate: (parameters) => db.prepare(sql).iterate(...toParams(parameters)),
      };
    },
  };
}

const files = new WeakMap<object, SqliteFile>();

/** Notes the file a Kysely instance runs on (db/connect.ts), for code that runs its statements directly. */
export function registerSqliteFile(db: object, file: SqliteFile): void {
  files.set(db, file);
}

/** The file registered for this Kysely instance; undefined for PostgreSQL. */
export function sqliteFileOf(db: object): SqliteFile | undefined {
  return files.get(db);
}

/**
 * Answers no query while a write that committed by itself is not on disk yet: every query's result
 * waits for the fsync of the writes outside a transaction made before it (usually there are none, and
 * nothing waits). Kysely passes each result through its plugins after the statement ran and the
 * connection is free again, so the wait holds neither the event loop nor the database.
 */
export function durableAutocommitWrites(file: Pick<SqliteFile, 'syncAutocommitWrites'>): KyselyPlugin {
  return {
    transformQuery: (args) => args.node,
    async transformResult(args) {
      await file.syncAutocommitWrites();
      return args.result;
    },
  };
}
