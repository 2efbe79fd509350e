/**
 * Builds the visitor widget as one self-contained, minified IIFE at .output/widget/widget.js.
 * Rooted in this folder with no plugins, so the extension's Vue/WXT setup stays out of it.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const widgetDir = fileURLToPath(new URL('.', import.meta.url));
const outDir = fileURLToPath(new URL('../../.output/widget', import.meta.url));

export default defineConfig({
  root: widgetDir,
  publicDir: false,
  plugins: [],
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
