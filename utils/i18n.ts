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
import { interpolate, type Locale } from './locale.ts';

export type { MessageKey, Messages };
export { browserLocale, LOCALES, pickLocale, type Locale } from './locale.ts';

export const TABLES: Record<Locale, Messages> = { en, de, sv, nl, es, fr };

export function translate(locale: Locale, key: MessageKey, params: Record<string, string | number> = {}): string {
  return interpolate(TABLES[locale][key] ?? en[key], params);
}
