import type { Kysely } from 'kysely';
import { Migrator, type Migration, type MigrationProvider, type MigrationResultSet } from 'kysely/migration';
import * as m001 from './migrations/001_initial.ts';
import * as m002 from './migrations/002_routing.ts';
import * as m003 from './migrations/003_inbox.ts';
import * as m004 from './migrations/004_meetings_activities.ts';
import * as m005 from './migrations/005_cluster.ts';
import * as m006 from './migrations/006_agent_sessions.ts';
import * as m007 from './migrations/007_chat_languages.ts';
import * as m008 from './migrations/008_audit_log.ts';
import * as m009 from './migrations/009_report_indexes.ts';
import * as m010 from './migrations/010_agent_toolkit.ts';
import * as m011 from './migrations/011_transfers.ts';
import * as m012 from './migrations/012_agent_capacity.ts';
import * as m013 from './migrations/013_chat_facts.ts';
import * as m014 from './migrations/014_search_index_queue.ts';
import * as m015 from './migrations/015_offer_chat_created.ts';
import * as m016 from './migrations/016_conversations_message_columns_unindexed.ts';
import * as m017 from './migrations/017_messages_client_id_first.ts';
import * as m018 from './migrations/018_site_origins.ts';

/** Forward-only: add `002_….ts` here; never edit a migration that has shipped. */
const MIGRATIONS = {
  '001_initial': m001,
  '002_routing': m002,
  '003_inbox': m003,
  '004_meetings_activities': m004,
  '005_cluster': m005,
  '006_agent_sessions': m006,
  '007_chat_languages': m007,
  '008_audit_log': m008,
  '009_report_indexes': m009,
  '010_agent_toolkit': m010,
  '011_transfers': m011,
  '012_agent_capacity': m012,
  '013_chat_facts': m013,
  '014_search_index_queue': m014,
  '015_offer_chat_created': m015,
  '016_conversations_message_columns_unindexed': m016,
  '017_messages_client_id_first': m017,
  '018_site_origins': m018,
} satisfies Record<string, Migration>;

/** The name of a migration, e.g. '016_conversations_message_columns_unindexed' */
export type MigrationName = keyof typeof MIGRATIONS;

const provider: MigrationProvider = { getMigrations: async () => MIGRATIONS };

/** a table or a schema vanished while the catalogue was read */
const VANISHED = new Set(['42P01', '3F000']);
const ATTEMPTS = 3;

/**
 * Applies pending migrations; running it again is a no-op. `schema` is set for PostgreSQL only.
 * Kysely checks for its migration table by reading the whole catalogue, and PostgreSQL fails that read
 * when another schema of the same database is dropped at that moment: then it is simply tried again.
 */
export async function migrateToLatest<T>(db: Kysely<T>, schema?: string): Promise<void> {
  await migrate(db, schema, (migrator) => migrator.migrateToLatest());
}

/** Applies the migrations up to and including `name`, no further (a migration's test starts before it). */
export async function migrateTo<T>(db: Kysely<T>, name: MigrationName, schema?: string): Promise<void> {
  await migrate(db, schema, (migrator) => migrator.migrateTo(name));
}

async function migrate<T>(db: Kysely<T>, schema: string | undefined, run: (migrator: Migrator) => Promise<MigrationResultSet>): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const migrator = new Migrator({ db, provider, migrationTableSchema: schema });
    const { error, results } = await run(migrator);
    const failed = results?.find((r) => r.status === 'Error');
    if (!error && !failed) return;
    const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
    if (VANISHED.has(String(code)) && !failed && attempt < ATTEMPTS) continue;
    const reason = error instanceof Error ? error.message : String(error ?? 'unknown error');
    throw new Error(`Database migration ${failed?.migrationName ?? ''} failed: ${reason}`, { cause: error });
  }
}
