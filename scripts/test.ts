/**
 * `npm test`: type-checks, builds the extension and the widget, finds (or on Debian as root installs)
 * Chromium, then runs every vitest project — unit, server and end-to-end — and prints
 * `N passed, N failed` (a failed type check counts as one failure).
 */
import { spawnSync } from 'node:child_process';
import { ensureBrowser } from './browser.ts';
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

const summary = runVitest('all', process.argv.slice(2), { ...process.env, CHROME_PATH: chrome });
if (typecheck.status !== 0) summary.failed += 1;
printSummary(summary);
process.exit(summary.exitCode || (typecheck.status === 0 ? 0 : 1));
