/**
 * Node's built-in `node:sqlite`, shaped like the better-sqlite3 subset that Kysely's SqliteDialect uses.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync, type SQLInputValue } from 'node:sqlite';
import type { SqliteDatabase, SqliteStatement } from 'kysely';

function toParams(parameters: ReadonlyArray<unknown>): SQLInputValue[] {
  // node:sqlite binds no booleans; flags are stored as 0/1
  return parameters.map((p) => (typeof p === 'boolean' ? Number(p) : (p as SQLInputValue)));
}

export function openSqlite(file: string): SqliteDatabase {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new DatabaseSync(file);
  db.exec('PRAGMA journal_mode = WAL');
  db.exec('PRAGMA synchronous = NORMAL');
  db.exec('PRAGMA foreign_keys = ON');
  // the admin CLI may write while the server runs
  db.exec('PRAGMA busy_timeout = 5000');
  return {
    close: () => db.close(),
    prepare(sql: string): SqliteStatement {
      const stmt = db.prepare(sql);
      return {
        reader: stmt.columns().length > 0,
        all: (parameters) => stmt.all(...toParams(parameters)),
        run: (parameters) => stmt.run(...toParams(parameters)),
        iterate: (parameters) => stmt.iterate(...toParams(parameters)),
      };
    },
  };
}
