/**
 * `npm run bench:size`: gzipped sizes of what a browser downloads and parses, against the budgets of
 * issue 10. Reads the last build (`npm run build`); prints, never fails.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

const EXTENSION = resolve('.output/chrome-mv3');
const WIDGET = resolve('.output/widget/widget.js');

/**
 * The side panel's JS: the scripts its page loads and the chunks they import statically (`at start`),
 * and with the chunks it imports later (`import()`: the command schemas, loaded after the first paint).
 */
function sidePanelScripts(withLater: boolean): string[] {
  const html = readFileSync(join(EXTENSION, 'sidepanel.html'), 'utf8');
  const entries = [...html.matchAll(/<script[^>]*src="\/?([^"]+)"/g)].map((m) => join(EXTENSION, m[1]!));
  const imports = withLater ? /(?:from\s*|import\s*\(\s*)["'`](\.{1,2}\/[^"'`]+\.js)["'`]/g : /from\s*["'`](\.{1,2}\/[^"'`]+\.js)["'`]/g;
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const m of readFileSync(file, 'utf8').matchAll(imports)) visit(join(file, '..', m[1]!));
  };
  entries.forEach(visit);
  return [...seen];
}

const gz = (files: string[]) => files.reduce((sum, file) => sum + gzipSync(readFileSync(file), { level: 9 }).length, 0);
const raw = (files: string[]) => files.reduce((sum, file) => sum + readFileSync(file).length, 0);

if (!existsSync(join(EXTENSION, 'manifest.json')) || !existsSync(WIDGET)) throw new Error('run `npm run build` first');
const rows: [string, string[], number][] = [
  ['background.js', [join(EXTENSION, 'background.js')], 60_000],
  ['side panel JS', sidePanelScripts(true), 150_000],
  ['  at start', sidePanelScripts(false), 150_000],
  ['widget.js', [WIDGET], 30_000],
];
console.log('bundle sizes (gzip -9), against the budgets');
for (const [name, files, budget] of rows) {
  const size = gz(files);
  console.log(
    `  ${name.padEnd(14)} ${(size / 1000).toFixed(1).padStart(6)} KB gzipped (${(raw(files) / 1000).toFixed(0)} KB raw, ${files.length} file${files.length > 1 ? 's' : ''})` +
      `   budget ${budget / 1000} KB   ${(size / budget).toFixed(2)}×  ${size <= budget ? 'within' : 'OVER'}`,
  );
}
const chunks = readdirSync(join(EXTENSION, 'chunks'));
console.log(`  (extension chunks: ${chunks.join(', ')})`);
