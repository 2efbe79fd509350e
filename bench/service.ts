/**
 * The real service for `bench/load.ts`, as a child process: the environment's config (SQLite in
 * DATA_DIR, or DATABASE_URL + DATABASE_SCHEMA), BENCH_AGENTS agents `bench<i>@example.test` with
 * BENCH_PASSWORD created beforehand (they sign in over HTTP like the extension does), then
 * `READY <port>` on stdout. Logs only errors, so that logging is not what gets measured.
 */
import { createAgent } from '../server/services/agents.ts';
import { createApp } from '../server/src/app.ts';
import { systemClock } from '../server/src/clock.ts';
import { loadConfig } from '../server/src/config.ts';
import { BENCH_LIMITS } from './limits.ts';

const quiet = { info: () => undefined, warn: () => undefined, error: (m: string, f?: unknown) => console.error(m, f) };
const app = await createApp(loadConfig({ ...BENCH_LIMITS, ...process.env }), { logger: quiet });
const agents = Number(process.env.BENCH_AGENTS ?? 0);
for (let i = 0; i < agents; i++) {
  await createAgent(app.db, systemClock, { email: `bench${i}@example.test`, name: `Bench ${i}`, password: process.env.BENCH_PASSWORD, available: true });
}
const { port } = await app.listen();
console.log(`READY ${port}`);
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
