/**
 * `npm run zip`: the packages to upload to the Chrome Web Store and to Firefox Add-ons, in .output/store/
 * (the Chrome zip without the manifest's `key`, the Firefox zip and the sources archive its reviewers
 * rebuild it from). `npm run build` and its `.output/chrome-mv3` stay as they are.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const STORE_DIR = resolve('.output/store');

rmSync(STORE_DIR, { recursive: true, force: true });
for (const browser of ['chrome', 'firefox']) {
  const run = spawnSync('npx', ['wxt', 'zip', '-b', browser], {
    stdio: 'inherit',
    env: { ...process.env, SWITCHBOARD_STORE: '1' },
  });
  if (run.status !== 0) {
    console.error(`Packaging for ${browser} failed.`);
    process.exit(run.status ?? 1);
  }
}
for (const name of readdirSync(STORE_DIR).filter((file) => file.endsWith('.zip'))) {
  console.log(`${join('.output/store', name)}  ${(statSync(join(STORE_DIR, name)).size / 1024).toFixed(0)} KiB`);
}
