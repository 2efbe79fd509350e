import { describe, expect, it } from 'vitest';
import { pickLocale, translate } from '../../../utils/i18n.ts';

describe('i18n', () => {
  it('picks the first preferred language that has a table and falls back to English', () => {
    expect(pickLocale(['en-GB', 'de'])).toBe('en');
    expect(pickLocale(['ja', 'ko'])).toBe('en');
    expect(pickLocale([])).toBe('en');
  });

  it('fills named parameters into the text', () => {
    expect(translate('en', 'offer.countdown', { seconds: 12 })).toBe('12 s left');
    expect(translate('en', 'notification.message', { name: 'Vera' })).toBe('Vera wants to chat');
  });
});
