/**
 * Builds the visitor widget as one minified IIFE at .output/widget/widget.js, with the tables of the
 * languages besides English in .output/widget/locales/.
 * Rooted in this folder with no plugins, so the extension's Vue/WXT setup stays out of it.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import { de } from './src/locales/de.ts';
import { es } from './src/locales/es.ts';
import { fr } from './src/locales/fr.ts';
import { nl } from './src/locales/nl.ts';
import { sv } from './src/locales/sv.ts';

/** The languages besides English, as JSON beside widget.js: the widget fetches the one it needs. */
function localeTables(): Plugin {
  return {
    name: 'switchboard-widget-locales',
    generateBundle() {
      for (const [locale, table] of Object.entries({ de, es, fr, nl, sv })) {
        this.emitFile({ type: 'asset', fileName: `locales/${locale}.json`, source: JSON.stringify(table) });
      }
    },
  };
}

const widgetDir = fileURLToPath(new URL('.', import.meta.url));
const outDir = fileURLToPath(new URL('../../.output/widget', import.meta.url));

export default defineConfig({
  root: widgetDir,
  publicDir: false,
  plugins: [localeTables()],
  build: {
    outDir,
    emptyOutDir: true,
    minify: true,
    sourcemap: false,
    target: 'es2022',
    // Keep modern CSS as written instead of expanding it (system-ui into a long font list).
    cssTarget: 'chrome111',
    lib: {
      entry: fileURLToPath(new URL('src/main.ts', import.meta.url)),
      formats: ['iife'],
      name: 'SwitchboardWidget',
      fileName: () => 'widget.js',
    },
  },
});
