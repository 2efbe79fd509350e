import { chmodSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import type { AppConfig } from '../src/config.ts';
import { migrateTo, migrateToLatest, type MigrationName } from './migrate.ts';
import { PreparingClient } from './pg-prepared.ts';
import type { DB, Db } from './schema.ts';
import { durableAutocommitWrites, openSqlite, registerSqliteFile } from './sqlite.ts';

const PG_INT8 = 20;

export interface Database {
  db: Db;
  kind: 'sqlite' | 'postgres';
  close(): Promise<void>;
}

/** Opens PostgreSQL when DATABASE_URL is set, else the SQLite file in DATA_DIR, and migrates it. */
export async function openDatabase(config: AppConfig): Promise<Database> {
  return openMigrated(config, migrateToLatest);
}

/** Opens the database as openDatabase does, migrated only up to and including `migration` (for a migration's tests). */
export async function openDatabaseAt(config: AppConfig, migration: MigrationName): Promise<Database> {
  return openMigrated(config, (db, schema) => migrateTo(db, migration, schema));
}

async function openMigrated(config: AppConfig, migrate: (db: Db, schema: string | undefined) => Promise<void>): Promise<Database> {
  const database = config.databaseUrl ? openPostgres(config.databaseUrl, config.databaseSchema) : openFile(config.dataDir);
  try {
    await migrate(database.db, database.kind === 'postgres' ? config.databaseSchema : undefined);
  } catch (error) {
    await database.close();
    throw error;
  }
  return database;
}

/** Chats and tokens are nobody else's business on a shared machine: the folder is the owner's alone. */
function keepPrivate(dataDir: string, file: string): void {
  chmodSync(dataDir, 0o700);
  for (const path of [file, `${file}-wal`, `${file}-shm`]) if (existsSync(path)) chmodSync(path, 0o600);
}

function openFile(dataDir: string): Database {
  const file = join(dataDir, 'switchboard.sqlite');
  const sqlite = openSqlite(file);
  keepPrivate(dataDir, file);
  const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: sqlite }), plugins: [durableAutocommitWrites(sqlite)] });
  registerSqliteFile(db, sqlite);
  return {
    db,
    kind: 'sqlite',
    close: async () => {
      await db.destroy();
      await sqlite.closed();
    },
  };
}

function openPostgres(connectionString: string, schema: string): Database {
  const pool = new pg.Pool({
    // the hot statements go out as named prepared statements (db/pg-prepared.ts)
    Client: PreparingClient,
    connectionString,
    options: `-c search_path=${schema}`,
    // epoch-ms times and counts are int8; they fit a JS number, and SQLite returns numbers too
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === PG_INT8 ? Number : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  });
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  return { db, kind: 'postgres', close: () => db.destroy() };
}
