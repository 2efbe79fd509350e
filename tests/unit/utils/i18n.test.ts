import { describe, expect, it } from 'vitest';
import { LOCALES, TABLES, pickLocale, translate } from '../../../utils/i18n.ts';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('i18n', () => {
  it('picks the first preferred language that has a table and falls back to English', () => {
    expect(pickLocale(['en-GB', 'de'])).toBe('en');
    expect(pickLocale(['ja', 'de-AT'])).toBe('de');
    expect(pickLocale(['sv-SE'])).toBe('sv');
    expect(pickLocale(['ja', 'ko'])).toBe('en');
    expect(pickLocale([])).toBe('en');
  });

  it('fills named parameters into the text', () => {
    expect(translate('en', 'offer.countdown', { seconds: 12 })).toBe('12 s left');
    expect(translate('en', 'notification.message', { name: 'Vera' })).toBe('Vera wants to chat');
  });

  it('has every English key, non-empty, in all six languages with the same placeholders', () => {
    const keys = Object.keys(TABLES.en).sort();
    for (const locale of LOCALES) {
      const table = TABLES[locale] as Record<string, string>;
      expect(Object.keys(table).sort(), locale).toEqual(keys);
      for (const key of keys) {
        const text = table[key] ?? '';
        expect(text.trim(), `${locale}:${key}`).not.toBe('');
        expect(placeholders(text), `${locale}:${key}`).toEqual(placeholders(TABLES.en[key as keyof typeof TABLES.en]));
      }
    }
  });

  it('translates into the non-English tables rather than copying English', () => {
    for (const locale of LOCALES.filter((l) => l !== 'en')) {
      expect(translate(locale, 'offer.accept'), locale).not.toBe(translate('en', 'offer.accept'));
    }
  });
});
