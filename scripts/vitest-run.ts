/**
 * Runs vitest with a JSON report and prints the plain closing line `N passed, N failed` that CI reads.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

export interface RunSummary {
  passed: number;
  failed: number;
  exitCode: number;
}

export function runVitest(name: string, args: string[], env: NodeJS.ProcessEnv = process.env): RunSummary {
  const dir = 'test-results';
  mkdirSync(dir, { recursive: true });
  const report = join(dir, `${name}.json`);
  rmSync(report, { force: true });
  const result = spawnSync(
    join('node_modules', '.bin', 'vitest'),
    ['run', ...args, '--reporter=default', '--reporter=json', `--outputFile.json=${report}`],
    { stdio: 'inherit', env },
  );
  let passed = 0;
  let failed = 0;
  try {
    const json = JSON.parse(readFileSync(report, 'utf8')) as { numPassedTests: number; numFailedTests: number };
    passed = json.numPassedTests;
    failed = json.numFailedTests;
  } catch {
    // no report means vitest itself failed before running tests; count that as one failure
    failed = 1;
  }
  const exitCode = result.status ?? 1;
  if (exitCode !== 0 && failed === 0) failed = 1;
  return { passed, failed, exitCode };
}

export function printSummary({ passed, failed }: RunSummary): void {
  console.log(`${passed} passed, ${failed} failed`);
}
