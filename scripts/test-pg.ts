/** `npm run test:pg`: the server suite against PostgreSQL at TEST_DATABASE_URL (a fresh schema per app). */
import { printSummary, runVitest } from './vitest-run.ts';

const url = process.env.TEST_DATABASE_URL;
if (!url) {
  console.error('test:pg needs TEST_DATABASE_URL, e.g. TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npm run test:pg');
  process.exit(2);
}

const summary = runVitest('server-pg', ['--project', 'server', ...process.argv.slice(2)], { ...process.env, TEST_DATABASE_URL: url });
printSummary(summary);
process.exit(summary.exitCode);
