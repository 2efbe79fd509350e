/**
 * The real service for `bench/load.ts`, as a child process: the environment's config (SQLite in
 * DATA_DIR, or DATABASE_URL + DATABASE_SCHEMA), BENCH_AGENTS agents `bench<i>@example.test` with
 * BENCH_PASSWORD created beforehand (they sign in over HTTP like the extension does), then
 * `READY <port>` on stdout. Logs only errors, so that logging is not what gets measured. A line
 * `COMMITS` on stdin is answered with `COMMITS <commits> <sends>` on stdout: the group commits of
 * messages so far and the sends they held; `GC START` / `GC STOP` as bench/gc-probe.ts says, `PROFILE
 * START` / `PROFILE STOP <file>` as bench/profile-probe.ts says.
 */
import { createAgent } from '../server/services/agents.ts';
import { createApp } from '../server/src/app.ts';
import { systemClock } from '../server/src/clock.ts';
import { loadConfig } from '../server/src/config.ts';
import { answerLines } from './child-answers.ts';
import { gcProbe } from './gc-probe.ts';
import { profileProbe } from './profile-probe.ts';
import { BENCH_LIMITS } from './limits.ts';

const quiet = { info: () => undefined, warn: () => undefined, error: (m: string, f?: unknown) => console.error(m, f) };
const commits = { count: 0, sends: 0 };
const onMessageCommit = (sends: number) => {
  commits.count++;
  commits.sends += sends;
};
const app = await createApp(loadConfig({ ...BENCH_LIMITS, ...process.env }), { logger: quiet, onMessageCommit });
const agents = Number(process.env.BENCH_AGENTS ?? 0);
for (let i = 0; i < agents; i++) {
  await createAgent(app.db, systemClock, { email: `bench${i}@example.test`, name: `Bench ${i}`, password: process.env.BENCH_PASSWORD, available: true });
}
const { port } = await app.listen();
console.log(`READY ${port}`);
answerLines(gcProbe(), profileProbe(), (line) => (line === 'COMMITS' ? `COMMITS ${commits.count} ${commits.sends}` : undefined));
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
