/**
 * Node's built-in `node:sqlite`, shaped like the better-sqlite3 subset that Kysely's SqliteDialect uses.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync, type SQLInputValue, type StatementSync } from 'node:sqlite';
import type { SqliteDatabase, SqliteStatement } from 'kysely';

/**
 * Preparing a statement costs more than running a small one, and Kysely compiles one query shape to
 * the same SQL text every time, so statements are kept by their text. Bounded, least recently used
 * first out: `in (?, ?, …)` lists of every length would otherwise grow it without end.
 */
const STATEMENT_CACHE_SIZE = 500;

function toParams(parameters: ReadonlyArray<unknown>): SQLInputValue[] {
  // node:sqlite binds no booleans; flags are stored as 0/1
  return parameters.map((p) => (typeof p === 'boolean' ? Number(p) : (p as SQLInputValue)));
}

interface Cached {
  stmt: StatementSync;
  reader: boolean;
}

export function openSqlite(file: string): SqliteDatabase {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new DatabaseSync(file);
  db.exec('PRAGMA journal_mode = WAL');
  // FULL: a commit is on disk before it returns, so an acked message survives power loss, not only a
  // crash of this process (NORMAL in WAL mode may lose the last commits). Group commit pays one fsync
  // per batch of messages, not per message.
  db.exec('PRAGMA synchronous = FULL');
  db.exec('PRAGMA foreign_keys = ON');
  // the admin CLI may write while the server runs
  db.exec('PRAGMA busy_timeout = 5000');

  const cache = new Map<string, Cached>();
  function cached(sql: string): Cached {
    let entry = cache.get(sql);
    if (entry) {
      // re-insert: a Map iterates in insertion order, so the first key is the least recently used
      cache.delete(sql);
    } else {
      const stmt = db.prepare(sql);
      entry = { stmt, reader: stmt.columns().length > 0 };
      if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value!);
    }
    cache.set(sql, entry);
    return entry;
  }

  return {
    close: () => db.close(),
    prepare(sql: string): SqliteStatement {
      const { stmt, reader } = cached(sql);
      return {
        reader,
        // all/run finish before they return, so sharing the statement between callers is safe
        all: (parameters) => stmt.all(...toParams(parameters)),
        run: (parameters) => stmt.run(...toParams(parameters)),
        // an iterator stays open across awaits, and running its statement again would reset it under
        // the reader: streams get a statement of their own
        iterate: (parameters) => db.prepare(sql).iterate(...toParams(parameters)),
      };
    },
  };
}
