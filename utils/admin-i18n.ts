/**
 * The admin console's texts: its own tables (utils/locales/admin/<lang>.ts), kept out of the side
 * panel's bundle, on top of the panel's (the error texts and the shared words come from those).
 */
import { TABLES, type MessageKey } from './i18n.ts';
import { interpolate, type Locale } from './locale.ts';
import { adminDe } from './locales/admin/de.ts';
import { adminEn, type AdminMessageKey, type AdminMessages } from './locales/admin/en.ts';
import { adminEs } from './locales/admin/es.ts';
import { adminFr } from './locales/admin/fr.ts';
import { adminNl } from './locales/admin/nl.ts';
import { adminSv } from './locales/admin/sv.ts';

export type { AdminMessageKey, AdminMessages };
export type AdminTextKey = AdminMessageKey | MessageKey;

export const ADMIN_TABLES: Record<Locale, AdminMessages> = { en: adminEn, de: adminDe, sv: adminSv, nl: adminNl, es: adminEs, fr: adminFr };

export function translateAdmin(locale: Locale, key: AdminTextKey, params: Record<string, string | number> = {}): string {
  const text = (ADMIN_TABLES[locale] as Record<string, string>)[key] ?? (TABLES[locale] as Record<string, string>)[key] ?? '';
  return interpolate(text, params);
}
