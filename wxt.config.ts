import { defineConfig } from 'wxt';

/**
 * The public half of the extension's signing key. It pins the Chrome extension id to
 * lkbcgogbcnepkjocdhjeiopghggaloag for unpacked installs, so the server can allow that origin.
 */
const EXTENSION_KEY =
  'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAuxKNUZfgQws7GaGjUb81kJR42AKveiU8sZlariQo3/KkQoYvrST3W/hypumCCdJ1mqphG/bVyntfz3fUWGBbBJxt8sOmHdeVl4XYz8oWW6VO7o4cHOJ/soeSoeG9G31Vz3GHylkxn4O6H6T3E9Hirycrhd4M1KdhJaH8xBYR73veuaieoBQKuB2iAgrAwBak9cc+gEztr2pj358K9GTeJdfcW/BmYY9s5Z2zSMHF3sVKDMsun9jjF2CURpNMtkB//35nyFdmsGGY39U4v4Jv9LuKXe9wlfAo/bS6sHAs22hImq2HhnBJNxWGnbemYXCePCyKRc1CytcdDdD5732LnwIDAQAB';

/**
 * `npm run zip` sets this: the packages for the stores, built apart from `.output/chrome-mv3` and without
 * the key, since a store refuses a manifest with one and assigns its own id.
 */
const STORE = process.env.SWITCHBOARD_STORE === '1';

export default defineConfig({
  modules: ['@wxt-dev/module-vue'],
  // every module names what it uses in its imports; nothing is a global
  imports: false,
  // Firefox too: one background model (event-driven worker/page) and `browser.action` everywhere.
  manifestVersion: 3,
  outDir: STORE ? '.output/store' : '.output',
  zip: {
    // what a reviewer needs to rebuild the Firefox package: no build output, test results, server data or screenshots
    excludeSources: ['.output/**', 'test-results/**', 'data/**', '**/*.log', 'docs/**/*.png'],
  },
  hooks: {
    // The pages' shared libraries go in chunks named after them, so that the store reviewers' notes
    // (docs/STORE.md) name files that stay put as the code around them changes. The background and the
    // panel's first-rows script are each built as one file and have no chunks.
    'vite:build:extendConfig'(entrypoints, viteConfig) {
      if (entrypoints.some((entrypoint) => entrypoint.type === 'background' || entrypoint.type === 'unlisted-script')) return;
      const build = (viteConfig.build ??= {});
      const rolldown = (build.rolldownOptions ??= {});
      const output = rolldown.output;
      if (Array.isArray(output)) return;
      rolldown.output = {
        ...output,
        codeSplitting: {
          groups: [
            { name: 'zod', test: /[\\/]node_modules[\\/]zod[\\/]/ },
            { name: 'vue', test: /[\\/]node_modules[\\/](@vue[\\/][\w-]+|vue)[\\/]/ },
          ],
        },
      };
    },
    // WXT names Firefox's sidebar after the panel page's <title>, which a page cannot localise
    'build:manifestGenerated'(_wxt, manifest) {
      if (manifest.sidebar_action) manifest.sidebar_action.default_title = '__MSG_sidebarTitle__';
    },
  },
  manifest: ({ browser }) => ({
    // in the browser's language, from public/_locales/<lang>/messages.json
    default_locale: 'en',
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    permissions: [
      'notifications',
      'storage',
      'alarms',
      ...(browser === 'firefox' ? [] : ['sidePanel', 'offscreen']),
    ],
    // 120: alarms every 30 s (the wake-up net for a stopped worker); 116 already keeps a WebSocket worker alive.
    minimum_chrome_version: '120',
    action: { default_title: '__MSG_actionTitle__' },
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: 'switchboard@switchboard.dev',
              // 140 (the ESR since mid-2025): the first to ask for the consent below at install
              strict_min_version: '140.0',
              // What leaves the browser, and only for the server the organisation runs: the agent's sign-in,
              // the chat messages, and names and emails of agents and visitors (docs/STORE.md, PRIVACY.md).
              data_collection_permissions: {
                required: ['authenticationInfo', 'personalCommunications', 'personallyIdentifyingInfo'],
              },
            },
            // listed for desktop only (Android has no sidebar); the same consent needs Android 142
            gecko_android: { strict_min_version: '142.0' },
          },
        }
      : {
          ...(STORE ? {} : { key: EXTENSION_KEY }),
          // Lets an enterprise policy preset the server address (read as `managed:serverUrl`).
          storage: { managed_schema: 'managed_schema.json' },
        }),
  }),
});
