/**
 * On PostgreSQL without REDIS_URL, a second process would route and sweep correctly (the database
 * decides) but its sockets would never hear the first one's events. It refuses to start instead: a
 * session-level advisory lock, keyed by the schema, is held for the life of the process (the database
 * releases it when the connection drops, so a killed process does not block the next start).
 */
import pg from 'pg';

export interface SingleProcessLock {
  release(): Promise<void>;
}

export async function holdSingleProcessLock(connectionString: string, schema: string): Promise<SingleProcessLock> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  // a dropped lock connection would silently allow a second process; nothing to do but log it
  client.on('error', () => undefined);
  const { rows } = await client.query<{ locked: boolean }>('select pg_try_advisory_lock(hashtext($1)) as locked', [`switchboard:${schema}`]);
  if (!rows[0]?.locked) {
    await client.end();
    throw new Error(
      `Another Switchboard process already serves this PostgreSQL database (schema ${schema}). ` +
        'Several processes need REDIS_URL to share their events: see docs/DEPLOY.md.',
    );
  }
  return { release: () => client.end() };
}
