/**
 * The languages of SPEC R20, shared by the extension, the widget and the server (which takes the
 * widget's language at chat start), and how a browser's language list picks one of them.
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
