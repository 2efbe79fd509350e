/**
 * `npm test`: type-checks, builds the extension and the widget, finds (or on Debian as root installs)
 * Chromium, then runs every vitest project — unit, server, the store packages, end-to-end, and the
 * cluster suite (three server processes on PostgreSQL and Redis) when both answer — and prints
 * `N passed, N failed` (a failed type check counts as one failure).
 */
import { spawnSync } from 'node:child_process';
import { ensureBrowser } from './browser.ts';
import { clusterServicesMissing } from './cluster-services.ts';
import { printSummary, runVitest } from './vitest-run.ts';

const chrome = ensureBrowser();

const build = spawnSync('npm', ['run', '--silent', 'build'], { stdio: 'inherit' });
if (build.status !== 0) {
  console.error('The build failed; no tests were run.');
  console.log('0 passed, 1 failed');
  process.exit(1);
}

const typecheck = spawnSync('npm', ['run', '--silent', 'typecheck'], { stdio: 'inherit' });
if (typecheck.status !== 0) console.error('The type check failed.');

const args = process.argv.slice(2);
const missing = args.length === 0 ? await clusterServicesMissing() : null;
const projects = missing ? ['--project', 'unit', '--project', 'server', '--project', 'package', '--project', 'e2e'] : [];
if (missing) console.log(`The cluster suite does not run: ${missing} (\`bash .ci/run\` starts both; see docs/DEPLOY.md).`);

const summary = runVitest('all', [...projects, ...args], { ...process.env, CHROME_PATH: chrome });
if (typecheck.status !== 0) summary.failed += 1;
printSummary(summary);
process.exit(summary.exitCode || (typecheck.status === 0 ? 0 : 1));
