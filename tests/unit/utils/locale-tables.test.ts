/**
 * Every language table has every key, and a non-English table says its own words: a value identical to
 * English is a translation someone forgot, unless it is listed here as the same in that language.
 */
import { describe, expect, it } from 'vitest';
import { LOCALES, type Locale } from '../../../protocol/locales.ts';
import { SHIPPED_FALLBACK_MESSAGES } from '../../../server/services/fallback-messages.ts';
import { de as widgetDe } from '../../../server/widget/src/locales/de.ts';
import { en as widgetEn } from '../../../server/widget/src/locales/en.ts';
import { es as widgetEs } from '../../../server/widget/src/locales/es.ts';
import { fr as widgetFr } from '../../../server/widget/src/locales/fr.ts';
import { nl as widgetNl } from '../../../server/widget/src/locales/nl.ts';
import { sv as widgetSv } from '../../../server/widget/src/locales/sv.ts';
import { TABLES } from '../../../utils/i18n.ts';

type Tables = Record<Locale, Record<string, string>>;

const WIDGET: Tables = { en: widgetEn, de: widgetDe, sv: widgetSv, nl: widgetNl, es: widgetEs, fr: widgetFr };

/** The brand, and words that are spelt the same in that language. */
const SAME_AS_ENGLISH: Record<'panel' | 'widget', Partial<Record<Locale | '*', readonly string[]>>> = {
  panel: {
    '*': ['app.title', 'conversation.author.system'],
    de: ['visitor.name'],
    fr: [
      'conversation.back',
      'conversation.messages',
      'composer.label',
      'list.label',
      'list.status.active',
      'transcript.agent',
      'settings.exceptions',
      'settings.exceptionDate',
    ],
  },
  widget: {},
};

function sameAsEnglish(tables: Tables, allowed: (typeof SAME_AS_ENGLISH)['panel']): string[] {
  return LOCALES.filter((l) => l !== 'en').flatMap((locale) =>
    Object.keys(tables.en)
      .filter((key) => tables[locale][key] === tables.en[key])
      .filter((key) => !allowed['*']?.includes(key) && !allowed[locale]?.includes(key))
      .map((key) => `${locale}:${key}`),
  );
}

describe.each([
  ['panel', TABLES as Tables],
  ['widget', WIDGET],
] as const)('the %s’s language tables', (name, tables) => {
  it('have every English key, and no other, in all six languages', () => {
    const keys = Object.keys(tables.en).sort();
    for (const locale of LOCALES) expect(Object.keys(tables[locale]).sort(), locale).toEqual(keys);
  });

  it('translate every text, except the few the same in that language', () => {
    expect(sameAsEnglish(tables, SAME_AS_ENGLISH[name])).toEqual([]);
  });

  it('list only texts that really are the same as English', () => {
    const allowed = SAME_AS_ENGLISH[name];
    for (const [scope, keys] of Object.entries(allowed)) {
      const locales = scope === '*' ? LOCALES.filter((l) => l !== 'en') : [scope as Locale];
      for (const locale of locales) for (const key of keys ?? []) expect(tables[locale][key], `${locale}:${key}`).toBe(tables.en[key]);
    }
  });
});

describe('the shipped fallback messages', () => {
  it('are written in each of the six languages', () => {
    for (const locale of LOCALES.filter((l) => l !== 'en')) expect(SHIPPED_FALLBACK_MESSAGES[locale], locale).not.toBe(SHIPPED_FALLBACK_MESSAGES.en);
  });
});
