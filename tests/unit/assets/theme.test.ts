import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/** The theme tokens of assets/main.css: light (:root) and dark (prefers-color-scheme: dark). */
function themes(): Record<'light' | 'dark', Record<string, string>> {
  const css = readFileSync(resolve('assets/main.css'), 'utf8');
  const tokens = (block: string) => Object.fromEntries([...block.matchAll(/(--[\w-]+):\s*(#[0-9a-f]{6})/gi)].map((m) => [m[1]!, m[2]!]));
  const dark = css.indexOf('@media (prefers-color-scheme: dark)');
  return { light: tokens(css.slice(0, dark)), dark: { ...tokens(css.slice(0, dark)), ...tokens(css.slice(dark)) } };
}

/** WCAG 2.x contrast ratio of two #rrggbb colours. */
function contrast(a: string, b: string): number {
  const luminance = (hex: string) => {
    const [r, g, bl] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * bl!;
  };
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}

describe('theme colours', () => {
  it.each(['light', 'dark'] as const)('every text colour reaches 4.5:1 (WCAG AA) on the page and surface backgrounds, %s', (scheme) => {
    const theme = themes()[scheme];
    const short: string[] = [];
    for (const text of ['--text', '--muted', '--accent', '--danger', '--ok']) {
      for (const background of ['--bg', '--surface']) {
        const ratio = contrast(theme[text]!, theme[background]!);
        if (ratio < 4.5) short.push(`${text} on ${background}: ${ratio.toFixed(2)}`);
      }
    }
    expect(short).toEqual([]);
  });
});
