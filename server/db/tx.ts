import type { Db } from './schema.ts';
import { sqliteFileOf } from './sqlite.ts';

const RETRYABLE_PG_CODES = new Set(['40P01', '40001']); // deadlock, serialization failure
/**
 * SQLite's SQLITE_BUSY_SNAPSHOT: a transaction that read and then wrote, while another connection to
 * the file (the admin CLI beside the server, say) committed in between. SQLite answers it at once, without
 * waiting out the busy timeout, and the transaction has to start again from its reads.
 */
const SQLITE_BUSY_SNAPSHOT = 517;
const MAX_ATTEMPTS = 3;

function codeOf(error: unknown): unknown {
  return typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
}

function sqliteCodeOf(error: unknown): unknown {
  return typeof error === 'object' && error !== null ? (error as { errcode?: unknown }).errcode : undefined;
}

/** Whether the transaction lost a race that running it again can win. */
function retryable(error: unknown): boolean {
  return RETRYABLE_PG_CODES.has(String(codeOf(error))) || sqliteCodeOf(error) === SQLITE_BUSY_SNAPSHOT;
}

/**
 * How to wait until this database's commits are on disk, where committing does not wait for it itself:
 * SQLite commits without syncing and syncs its log apart (db/sqlite.ts walSyncer); PostgreSQL needs none.
 */
export function durabilityOf(db: Db): (() => Promise<void>) | undefined {
  return sqliteFileOf(db)?.durable;
}

/**
 * Runs `fn` in one transaction, and returns once the commit is on disk: whoever is told of the outcome
 * (an ack, an event) is told of something that survives a power loss. On PostgreSQL two transactions
 * may rarely deadlock on agent rows, and on SQLite another process's commit may come between a
 * transaction's reads and its first write: the loser is retried rather than failing the command.
 */
export async function inTransaction<T>(db: Db, fn: (trx: Db) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      const result = await db.transaction().execute(fn);
      await durabilityOf(db)?.();
      return result;
    } catch (error) {
      if (attempt >= MAX_ATTEMPTS || !retryable(error)) throw error;
    }
  }
}

/** A unique index refused the write: PostgreSQL 23505, SQLite SQLITE_CONSTRAINT_UNIQUE / _PRIMARYKEY. */
export function isUniqueViolation(error: unknown): boolean {
  if (codeOf(error) === '23505') return true;
  const errcode = sqliteCodeOf(error);
  return errcode === 2067 || errcode === 1555;
}
