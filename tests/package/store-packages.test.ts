/**
 * `npm run zip` as a store upload needs it: the Firefox package passes Mozilla's addons-linter with no
 * error and only the warnings docs/STORE.md accepts; the Chrome package has no `key` and is localised.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import linter from 'addons-linter';
import { beforeAll, describe, expect, it } from 'vitest';
import { acceptedWarnings, isAccepted } from './accepted-warnings.ts';
import { readZip } from './zip-reader.ts';

const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
const STORE_DIR = resolve('.output/store');
const CHROME_ZIP = resolve(STORE_DIR, `switchboard-${version}-chrome.zip`);
const FIREFOX_ZIP = resolve(STORE_DIR, `switchboard-${version}-firefox.zip`);
const SOURCES_ZIP = resolve(STORE_DIR, `switchboard-${version}-sources.zip`);
const LANGUAGES = ['en', 'de', 'sv', 'nl', 'es', 'fr'];

function manifestOf(files: Map<string, Buffer>): Record<string, unknown> {
  const manifest = files.get('manifest.json');
  if (!manifest) throw new Error('the package has no manifest.json');
  return JSON.parse(manifest.toString('utf8')) as Record<string, unknown>;
}

beforeAll(() => {
  const zip = spawnSync(process.execPath, ['scripts/zip.ts'], { encoding: 'utf8' });
  if (zip.status !== 0) throw new Error(`npm run zip failed:\n${zip.stdout}\n${zip.stderr}`);
});

describe('the Firefox package', () => {
  it('passes addons-linter with no error and only the warnings docs/STORE.md accepts', async () => {
    const result = await linter
      .createInstance({
        config: {
          _: [FIREFOX_ZIP],
          logLevel: 'fatal',
          stack: false,
          pretty: false,
          warningsAsErrors: false,
          metadata: false,
          output: 'none',
          boring: false,
          selfHosted: false,
        },
        runAsBinary: false,
      })
      .run();
    const accepted = acceptedWarnings();

    expect(result.errors.map((e) => `${e.code} in ${e.file}: ${e.message}`)).toEqual([]);
    const unexplained = result.warnings.filter((w) => !isAccepted(accepted, w.code, w.file));
    expect(unexplained.map((w) => `${w.code} in ${w.file}: ${w.message}`)).toEqual([]);
  });

  it('declares its gecko id, its data collection and the inbox as the sidebar', async () => {
    const manifest = manifestOf(await readZip(FIREFOX_ZIP));

    expect(manifest).toMatchObject({
      browser_specific_settings: {
        gecko: {
          id: 'switchboard@switchboard.dev',
          data_collection_permissions: {
            required: ['authenticationInfo', 'personalCommunications', 'personallyIdentifyingInfo'],
          },
        },
      },
      sidebar_action: { default_panel: 'sidepanel.html', default_title: '__MSG_sidebarTitle__' },
    });
  });

  it('comes with a sources archive that holds what it is built from', async () => {
    const sources = await readZip(SOURCES_ZIP);

    for (const file of ['package.json', 'package-lock.json', 'wxt.config.ts', 'entrypoints/background/index.ts']) {
      expect(sources.has(file), file).toBe(true);
    }
    expect([...sources.keys()].filter((file) => file.startsWith('.output/') || file.startsWith('node_modules/'))).toEqual([]);
  });
});

describe('the Chrome package', () => {
  it('has a manifest without `key` (the store assigns the id), localised in all six languages', async () => {
    const files = await readZip(CHROME_ZIP);
    const manifest = manifestOf(files);

    expect(manifest).not.toHaveProperty('key');
    expect(manifest).toMatchObject({ name: '__MSG_extName__', description: '__MSG_extDescription__', default_locale: 'en' });
    for (const language of LANGUAGES) {
      const messages = files.get(`_locales/${language}/messages.json`);
      expect(messages, language).toBeDefined();
      const parsed = JSON.parse(messages!.toString('utf8')) as Record<string, { message: string }>;
      expect(Object.keys(parsed).sort(), language).toEqual(['actionTitle', 'extDescription', 'extName', 'sidebarTitle']);
      expect(parsed.extDescription!.message.length, language).toBeLessThanOrEqual(132);
    }
  });
});
