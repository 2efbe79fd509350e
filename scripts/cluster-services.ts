/**
 * Whether the cluster suite can run here: PostgreSQL (CLUSTER_DATABASE_URL, or the local `test` database)
 * and Redis (CLUSTER_REDIS_URL, or the local one) both answer. Returns why not, or null.
 */
import pg from 'pg';
import { createClient } from 'redis';

export const CLUSTER_PG_URL = process.env.CLUSTER_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const CLUSTER_REDIS_URL = process.env.CLUSTER_REDIS_URL ?? 'redis://127.0.0.1:6379';

export async function clusterServicesMissing(): Promise<string | null> {
  const database = new pg.Client({ connectionString: CLUSTER_PG_URL, connectionTimeoutMillis: 2000 });
  try {
    await database.connect();
    await database.query('select 1');
  } catch {
    return `PostgreSQL is not reachable at ${CLUSTER_PG_URL.replace(/\/\/[^@]*@/, '//')}`;
  } finally {
    await database.end().catch(() => undefined);
  }
  const redis = createClient({ url: CLUSTER_REDIS_URL, socket: { connectTimeout: 2000, reconnectStrategy: false } });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    await redis.ping();
  } catch {
    return `Redis is not reachable at ${CLUSTER_REDIS_URL}`;
  } finally {
    await redis.quit().catch(() => undefined);
  }
  return null;
}
