import { describe, expect, it } from 'vitest';
import { LOCALES } from '../../../protocol/locales.ts';
import { ADMIN_TABLES, translateAdmin } from '../../../utils/admin-i18n.ts';
import { TABLES } from '../../../utils/i18n.ts';

/** Words spelt the same as in English in that language. */
const SAME_AS_ENGLISH: Partial<Record<string, readonly string[]>> = {
  '*': ['admin.people.loadValue', 'admin.live.seconds', 'admin.live.minutes'],
  de: ['admin.tab.live', 'admin.role.agent', 'admin.role.admin', 'admin.people.name', 'admin.people.load', 'admin.people.online', 'admin.people.offline', 'admin.teams.title', 'admin.rules.targetAgent', 'admin.rules.targetTeam', 'admin.live.online', 'admin.live.agent'],
  sv: ['admin.reports.perAgent', 'admin.tab.live', 'admin.role.agent', 'admin.people.state', 'admin.rules.targetAgent', 'admin.rules.targetTeam', 'admin.live.agent'],
  nl: ['admin.reports.perAgent', 'admin.tab.live', 'admin.role.agent', 'admin.people.state', 'admin.people.load', 'admin.people.online', 'admin.people.offline', 'admin.teams.title', 'admin.rules.targetAgent', 'admin.rules.targetTeam', 'admin.rules.op.equals', 'admin.live.online', 'admin.live.agent', 'admin.teams.name'],
  es: ['admin.people.load', 'admin.reports.total'],
  fr: ['admin.actions', 'admin.tab.sites', 'admin.role.agent', 'admin.people.title', 'admin.rules.targetAgent', 'admin.rules.targetAgents', 'admin.live.agent', 'admin.reports.total'],
};

describe('the admin console’s texts', () => {
  it('every language says its own words (a text equal to English is a forgotten translation unless listed)', () => {
    const en = ADMIN_TABLES.en as Record<string, string>;
    const same = LOCALES.filter((l) => l !== 'en').flatMap((locale) =>
      Object.keys(en)
        .filter((key) => (ADMIN_TABLES[locale] as Record<string, string>)[key] === en[key])
        .filter((key) => !SAME_AS_ENGLISH['*']?.includes(key) && !SAME_AS_ENGLISH[locale]?.includes(key))
        .map((key) => `${locale}:${key}`),
    );
    expect(same).toEqual([]);
  });

  it('every language keeps the placeholders of the English text', () => {
    const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    const en = ADMIN_TABLES.en as Record<string, string>;
    for (const locale of LOCALES) {
      for (const key of Object.keys(en)) {
        expect(placeholders((ADMIN_TABLES[locale] as Record<string, string>)[key]!), `${locale}:${key}`).toEqual(placeholders(en[key]!));
      }
    }
  });

  it('falls back to the side panel’s texts for the shared ones (error codes, loading)', () => {
    expect(translateAdmin('de', 'error.forbidden')).toBe(TABLES.de['error.forbidden']);
    expect(translateAdmin('en', 'app.loading')).toBe('Loading…');
    expect(translateAdmin('fr', 'admin.people.passwordFor', { name: 'Bo' })).toBe('Mot de passe de Bo');
  });
});
