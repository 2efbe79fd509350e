/** The background worker's texts (notifications) in the browser's language: only these tables, kept small. */
import { deAlerts } from './locales/alerts/de.ts';
import { enAlerts, type AlertKey, type AlertMessages } from './locales/alerts/en.ts';
import { esAlerts } from './locales/alerts/es.ts';
import { frAlerts } from './locales/alerts/fr.ts';
import { nlAlerts } from './locales/alerts/nl.ts';
import { svAlerts } from './locales/alerts/sv.ts';
import { interpolate, type Locale } from './locale.ts';

export { browserLocale } from './locale.ts';
export type { AlertKey };

const TABLES: Record<Locale, AlertMessages> = { en: enAlerts, de: deAlerts, sv: svAlerts, nl: nlAlerts, es: esAlerts, fr: frAlerts };

export function translateAlert(locale: Locale, key: AlertKey, params?: Record<string, string | number>): string {
  return interpolate(TABLES[locale][key] ?? enAlerts[key], params);
}
