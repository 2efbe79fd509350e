/**
 * UI text lookup. The tables live in `utils/locales/<lang>.ts`, one file per language, each typed as
 * Messages so that no key can be missing from any of them.
 */
import { de } from './locales/de.ts';
import { en, type MessageKey, type Messages } from './locales/en.ts';
import { es } from './locales/es.ts';
import { fr } from './locales/fr.ts';
import { nl } from './locales/nl.ts';
import { sv } from './locales/sv.ts';

export type { MessageKey, Messages };

export const LOCALES = ['en', 'de', 'sv', 'nl', 'es', 'fr'] as const;
export type Locale = (typeof LOCALES)[number];

export const TABLES: Record<Locale, Messages> = { en, de, sv, nl, es, fr };

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

export function translate(locale: Locale, key: MessageKey, params: Record<string, string | number> = {}): string {
  const text = TABLES[locale][key] ?? en[key];
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}
