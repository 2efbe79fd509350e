/**
 * An enterprise policy reaches the extension the way an administrator sets it: a JSON file in Chromium's
 * managed-policy folder (Linux) with `3rdparty.extensions.<id>` = { serverUrl, lockServerUrl }. The side
 * panel's sign-in then shows the policy's server as fixed text. Writing there needs root (CI runs as
 * root); the file is removed afterwards, failed or not. The policy names a copy of the built extension
 * under an id of its own, so no other browser on this machine is locked meanwhile.
 */
import { createHash, generateKeyPairSync } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EXTENSION_DIR, launchWithExtension, openSidePanel, type ExtensionBrowser } from './harness.ts';

const POLICY_SERVER = 'https://chat.policy.example';

/** Where this browser reads its mandatory policies on Linux: Google Chrome's folder, else Chromium's. */
function managedPolicyDir(chromePath: string): string {
  return /google-chrome|\/opt\/google\//.test(chromePath) ? '/etc/opt/chrome/policies/managed' : '/etc/chromium/policies/managed';
}

/** The built extension under a fresh signing key; Chrome derives the id from the key. */
function copyWithOwnId(): { dir: string; id: string } {
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-policy-ext-'));
  cpSync(EXTENSION_DIR, dir, { recursive: true });
  const der = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ type: 'spki', format: 'der' });
  const manifestFile = join(dir, 'manifest.json');
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as Record<string, unknown>;
  writeFileSync(manifestFile, JSON.stringify({ ...manifest, key: der.toString('base64') }));
  const hex = createHash('sha256').update(der).digest('hex').slice(0, 32);
  const id = [...hex].map((digit) => String.fromCharCode(97 + parseInt(digit, 16))).join('');
  return { dir, id };
}

/** Removes `dir` and its parents up to `top`, as long as they are empty (the folders this test made). */
function removeEmptyFolders(dir: string, top: string): void {
  for (let folder = dir; folder.startsWith(top) && readdirSync(folder).length === 0; folder = dirname(folder)) {
    rmdirSync(folder);
    if (folder === top) break;
  }
}

describe('an enterprise policy for the extension', () => {
  let browser: ExtensionBrowser | undefined;
  const cleanUp: (() => void)[] = [];

  afterAll(async () => {
    await browser?.close();
    for (const step of cleanUp.reverse()) step();
  });

  it("shows the policy's locked server as fixed text on the sign-in screen", async () => {
    if (process.getuid?.() !== 0) {
      throw new Error('this test writes a Chromium policy file under /etc and must run as root (CI does): run it as root');
    }
    const policyDir = managedPolicyDir(process.env.CHROME_PATH ?? '');
    const extension = copyWithOwnId();
    cleanUp.push(() => rmSync(extension.dir, { recursive: true, force: true }));
    const created = mkdirSync(policyDir, { recursive: true });
    if (created) cleanUp.push(() => removeEmptyFolders(policyDir, created));
    const policyFile = join(policyDir, `switchboard-e2e-${extension.id}.json`);
    const policy = { '3rdparty': { extensions: { [extension.id]: { serverUrl: POLICY_SERVER, lockServerUrl: true } } } };
    writeFileSync(policyFile, JSON.stringify(policy));
    cleanUp.push(() => rmSync(policyFile, { force: true }));

    browser = await launchWithExtension({ extensionDir: extension.dir });
    expect(browser.extensionId).toBe(extension.id);
    const panel = await openSidePanel(browser);

    // storage.managed can take seconds to answer right after a browser start
    await expect.poll(() => panel.getByTestId('signin-server-fixed').count(), { timeout: 30_000 }).toBe(1);
    expect((await panel.getByTestId('signin-server-fixed').textContent())?.trim()).toBe(POLICY_SERVER);
    expect(await panel.getByTestId('signin-server').count()).toBe(0);
  });
});
