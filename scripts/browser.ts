/**
 * Finds the Chromium-family browser the end-to-end tests drive. Order: CHROME_PATH, Chromium, Chrome.
 * On a Debian machine run as root with none, installs Debian's `chromium` package; anywhere else it
 * stops with a one-line instruction. It never downloads a browser build of its own.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const CANDIDATES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable', 'chrome'];

function onPath(name: string): string | null {
  const result = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
  const found = result.stdout.trim();
  return result.status === 0 && found ? found : null;
}

export function locateBrowser(env: NodeJS.ProcessEnv = process.env): string | null {
  if (env.CHROME_PATH) return existsSync(env.CHROME_PATH) ? env.CHROME_PATH : null;
  for (const name of CANDIDATES) {
    const found = onPath(name);
    if (found) return found;
  }
  return null;
}

function isDebianRoot(): boolean {
  return existsSync('/etc/debian_version') && typeof process.getuid === 'function' && process.getuid() === 0;
}

/** Returns a browser path, installing Debian's chromium when allowed; exits with an instruction otherwise. */
export function ensureBrowser(): string {
  if (process.env.CHROME_PATH && !existsSync(process.env.CHROME_PATH)) {
    console.error(`CHROME_PATH points to ${process.env.CHROME_PATH}, which does not exist.`);
    process.exit(1);
  }
  const found = locateBrowser();
  if (found) return found;
  if (isDebianRoot()) {
    console.log('No Chromium found: installing Debian\'s chromium package…');
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
    execFileSync('apt-get', ['install', '-y', '-qq', 'chromium'], {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
    const installed = locateBrowser();
    if (installed) return installed;
  }
  console.error(
    'No Chromium or Chrome found: install one (e.g. `sudo apt-get install chromium`) or set CHROME_PATH to its executable.',
  );
  process.exit(1);
}
