/**
 * Which language to speak, and how a text takes its parameters. No text tables here, so the background
 * worker can use it without carrying the side panel's texts.
 */
import { pickLocale, type Locale } from '../protocol/locales.ts';

export { LOCALES, pickLocale, type Locale } from '../protocol/locales.ts';

export function browserLocale(): Locale {
  return pickLocale(globalThis.navigator?.languages ?? []);
}

/** Fills `{name}` placeholders; an unknown one stays as written. */
export function interpolate(text: string, params: Record<string, string | number> = {}): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}
