/**
 * `npm run test:e2e`: builds, finds Chromium and runs only the end-to-end tests.
 */
import { spawnSync } from 'node:child_process';
import { ensureBrowser } from './browser.ts';
import { printSummary, runVitest } from './vitest-run.ts';

const chrome = ensureBrowser();
if (spawnSync('npm', ['run', '--silent', 'build'], { stdio: 'inherit' }).status !== 0) process.exit(1);
const summary = runVitest('e2e', ['--project', 'e2e', ...process.argv.slice(2)], { ...process.env, CHROME_PATH: chrome });
printSummary(summary);
process.exit(summary.exitCode);
