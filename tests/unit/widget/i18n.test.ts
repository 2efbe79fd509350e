import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../../protocol/ack.ts';
import { createTranslator, ERROR_MESSAGES, fetchLocaleTable, LOCALES, pickLocale, type MessageId } from '../../../server/widget/src/i18n.ts';
import { en } from '../../../server/widget/src/locales/en.ts';
import { statusText } from '../../../server/widget/src/view.ts';
import { LOCALE_TABLES, translatorFor } from './helpers.ts';

const t = createTranslator();

describe('widget texts', () => {
  it('says what each conversation status means for the visitor', () => {
    expect(statusText('waiting', null, t)).toBe('Connecting you to an agent…');
    expect(statusText('active', 'Ada', t)).toBe('You are chatting with Ada');
    expect(statusText('active', null, t)).toBe('You are chatting with an agent');
    expect(statusText('missed', null, t)).toBe('Nobody is available right now');
    expect(statusText('ended', 'Ada', t)).toBe('This chat has ended');
  });

  it('has a short, non-empty text for every ack error code', () => {
    for (const code of ERROR_CODES) {
      const text = t(ERROR_MESSAGES[code]);
      expect(text.length, code).toBeGreaterThan(0);
      expect(text, code).not.toContain('_');
    }
  });

  it('fills placeholders and leaves unknown ones visible', () => {
    expect(t('messageTooLong', { max: 4000 })).toBe('Messages can be at most 4000 characters long.');
    expect(t('statusActive')).toBe('You are chatting with {agent}');
  });

  it('picks the first of the browser languages it speaks and falls back to English', () => {
    expect(pickLocale(['de-DE', 'fr'])).toBe('de');
    expect(pickLocale(['ja', 'fr-CA'])).toBe('fr');
    expect(pickLocale(['en-GB'])).toBe('en');
    expect(pickLocale(['ja'])).toBe('en');
    expect(pickLocale([])).toBe('en');
  });

  it('has every text, with the same placeholders, in all six languages', () => {
    const marks = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    const english = createTranslator();
    const ids = Object.keys(en) as MessageId[];
    for (const locale of LOCALES) {
      const tr = translatorFor(locale);
      for (const id of ids) {
        expect(tr(id).trim(), `${locale}:${id}`).not.toBe('');
        expect(marks(tr(id)), `${locale}:${id}`).toEqual(marks(english(id)));
      }
      if (locale !== 'en') expect(tr('start'), locale).not.toBe(english('start'));
    }
  });

  describe('a language besides English comes from the server', () => {
    const answer = (body: unknown, ok = true) => {
      const urls: string[] = [];
      const fetchFn = async (url: string) => {
        urls.push(url);
        return { ok, json: async () => body };
      };
      return { urls, fetchFn };
    };

    it('fetches the table beside widget.js and speaks it', async () => {
      const { urls, fetchFn } = answer(JSON.parse(JSON.stringify(LOCALE_TABLES.de)));
      const table = await fetchLocaleTable(fetchFn, 'https://chat.test', 'de');
      expect(urls).toEqual(['https://chat.test/widget/locales/de.json']);
      expect(createTranslator(table)('start')).toBe(translatorFor('de')('start'));
    });

    it('needs no fetch for English', async () => {
      const { urls, fetchFn } = answer({});
      expect(await fetchLocaleTable(fetchFn, 'https://chat.test', 'en')).toBe(en);
      expect(urls).toEqual([]);
    });

    it('keeps only strings under known ids; English fills what is missing', async () => {
      const { fetchFn } = answer({ start: 'Starten', send: 42, '<img>': 'x', end: { html: '<b>' } });
      const table = await fetchLocaleTable(fetchFn, 'https://chat.test', 'de');
      expect(table).toEqual({ start: 'Starten' });
      const tr = createTranslator(table);
      expect(tr('start')).toBe('Starten');
      expect(tr('send')).toBe(en.send);
    });

    it('gives no table (English) for a refusal, a body that is not an object, or a failed request', async () => {
      expect(await fetchLocaleTable(answer({ start: 'x' }, false).fetchFn, 'https://chat.test', 'fr')).toBeUndefined();
      expect(await fetchLocaleTable(answer('text').fetchFn, 'https://chat.test', 'fr')).toBeUndefined();
      const failing = async () => {
        throw new TypeError('Failed to fetch');
      };
      expect(await fetchLocaleTable(failing, 'https://chat.test', 'fr')).toBeUndefined();
      expect(createTranslator(undefined)('start')).toBe(en.start);
    });
  });
});
