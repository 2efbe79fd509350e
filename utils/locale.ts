/**
 * Which language to speak, and how a text takes its parameters. No text tables here, so the background
 * worker can use it without carrying the side panel's texts.
 */
export const LOCALES = ['en', 'de', 'sv', 'nl', 'es', 'fr'] as const;
export type Locale = (typeof LOCALES)[number];

/** The first of the browser's preferred languages that has a table; English otherwise. */
export function pickLocale(preferred: readonly string[]): Locale {
  for (const tag of preferred) {
    const base = tag.toLowerCase().split('-')[0];
    const locale = LOCALES.find((l) => l === base);
    if (locale) return locale;
  }
  return 'en';
}

export function browserLocale(): Locale {
  return pickLocale(globalThis.navigator?.languages ?? []);
}

/** Fills `{name}` placeholders; an unknown one stays as written. */
export function interpolate(text: string, params: Record<string, string | number> = {}): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}
