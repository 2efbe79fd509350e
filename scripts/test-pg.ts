/**
 * `npm run test:pg`: the whole server suite against PostgreSQL (TEST_DATABASE_URL), each app in a
 * schema of its own.
 */
import { printSummary, runVitest } from './vitest-run.ts';

if (!process.env.TEST_DATABASE_URL) {
  console.error('Set TEST_DATABASE_URL to a PostgreSQL database, e.g. postgres://postgres@127.0.0.1:5432/test');
  process.exit(1);
}

const summary = runVitest('server-pg', ['--project', 'server', ...process.argv.slice(2)]);
printSummary(summary);
process.exit(summary.exitCode);
