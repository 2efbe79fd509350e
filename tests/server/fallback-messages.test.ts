import { afterEach, describe, expect, it } from 'vitest';
import type { Locale } from '../../protocol/locales.ts';
import type { RoutingSettingsPatch } from '../../protocol/routing.ts';
import { updateSettings } from '../../server/services/routing-admin.ts';
import { SHIPPED_FALLBACK_MESSAGES } from '../../server/services/fallback-messages.ts';
import { runAdminCommand } from '../../server/src/admin-cli.ts';
import { AGENT_ORIGIN, expectOk, startHarness, type Harness } from './helpers.ts';

let h: Harness;
afterEach(async () => {
  await h?.close();
});

/** A chat nobody can take (no agent is connected): what the visitor is told, from the snapshot and the event. */
async function fallbackFor(locale?: Locale): Promise<string> {
  const visitor = await h.connectVisitor();
  const snapshot = expectOk(await visitor.call('chat:start', { name: 'Vera', email: 'vera@example.test', ...(locale ? { locale } : {}) }));
  expect(snapshot.conversation.status).toBe('missed');
  const told = await visitor.waitFor('message:created', (m) => m.author === 'system');
  expect(snapshot.messages.map((m) => m.body)).toEqual([told.body]);
  expect(told).not.toHaveProperty('notice');
  return told.body;
}

const setSettings = (patch: RoutingSettingsPatch) => updateSettings({ db: h.app.db, clock: h.clock, actorId: null }, h.config, patch);

describe('fallback message in the visitor’s language', () => {
  it('tells each visitor the shipped text in the language their widget started the chat in, English without one', async () => {
    h = await startHarness();
    expect(await fallbackFor('de')).toBe(SHIPPED_FALLBACK_MESSAGES.de);
    expect(await fallbackFor('fr')).toBe(SHIPPED_FALLBACK_MESSAGES.fr);
    expect(await fallbackFor('en')).toBe(SHIPPED_FALLBACK_MESSAGES.en);
    expect(await fallbackFor()).toBe(SHIPPED_FALLBACK_MESSAGES.en);
    expect(SHIPPED_FALLBACK_MESSAGES.de).toMatch(/^Leider ist gerade niemand erreichbar/);
  });

  it('stores the widget’s language with the chat', async () => {
    h = await startHarness();
    const visitor = await h.connectVisitor();
    const { conversation } = expectOk(await visitor.call('chat:start', { name: 'Vera', email: 'vera@example.test', locale: 'sv' }));
    const row = await h.app.db.selectFrom('conversations').select('locale').where('id', '=', conversation.id).executeTakeFirstOrThrow();
    expect(row.locale).toBe('sv');
  });

  it('refuses a chat:start naming a language the widget does not speak', async () => {
    h = await startHarness();
    const visitor = await h.connectVisitor();
    expect(await visitor.raw('chat:start', { name: 'Vera', email: 'vera@example.test', locale: 'ja' })).toEqual({ ok: false, error: 'invalid_payload' });
    expect(await visitor.raw('chat:start', { name: 'Vera', email: 'vera@example.test', locale: 'de-DE' })).toEqual({ ok: false, error: 'invalid_payload' });
  });

  it('an admin’s text for a language goes to that language’s visitors; the others keep the shipped texts', async () => {
    h = await startHarness();
    const settings = await setSettings({ fallbackMessages: { de: 'Schreiben Sie uns an hallo@example.test.' } });
    expect(settings.fallbackMessage).toBeNull();
    expect(settings.fallbackMessages).toEqual({ ...SHIPPED_FALLBACK_MESSAGES, de: 'Schreiben Sie uns an hallo@example.test.' });
    expect(await fallbackFor('de')).toBe('Schreiben Sie uns an hallo@example.test.');
    expect(await fallbackFor('sv')).toBe(SHIPPED_FALLBACK_MESSAGES.sv);
  });

  it('the admin’s single custom message goes to every language without its own text, over the shipped ones', async () => {
    h = await startHarness();
    await setSettings({ fallbackMessages: { de: 'Bitte schreiben Sie uns.' } });
    await setSettings({ fallbackMessage: 'Please email us.' });
    expect(await fallbackFor('de')).toBe('Bitte schreiben Sie uns.');
    expect(await fallbackFor('es')).toBe('Please email us.');
    expect(await fallbackFor()).toBe('Please email us.');
  });

  it('FALLBACK_MESSAGE is the custom message until an admin sets one; per-language texts come first', async () => {
    h = await startHarness({ FALLBACK_MESSAGE: 'Env fallback' });
    expect(await fallbackFor('nl')).toBe('Env fallback');
    await setSettings({ fallbackMessages: { nl: 'Mail ons.' } });
    expect(await fallbackFor('nl')).toBe('Mail ons.');
    await setSettings({ fallbackMessage: 'Admin fallback' });
    expect(await fallbackFor('fr')).toBe('Admin fallback');
  });

  it('merges texts by language, and removing one (null) or the custom message gives the next in line back', async () => {
    h = await startHarness({ FALLBACK_MESSAGE: 'Env fallback' });
    await setSettings({ fallbackMessages: { de: 'Deutsch', sv: 'Svenska' }, fallbackMessage: 'Admin fallback' });
    await setSettings({ fallbackMessages: { sv: null, es: 'Español' } });
    const settings = await setSettings({ fallbackMessage: null });
    expect(settings.fallbackMessage).toBe('Env fallback');
    expect(settings.fallbackMessages).toEqual({ en: 'Env fallback', de: 'Deutsch', sv: 'Env fallback', nl: 'Env fallback', es: 'Español', fr: 'Env fallback' });
    expect(await fallbackFor('sv')).toBe('Env fallback');
  });

  it('the admin API takes per-language texts, and refuses an unknown language or an empty text', async () => {
    h = await startHarness();
    const { token } = await h.addAgent('Ana');
    const put = (body: unknown, bearer = token) =>
      fetch(`${h.url}/api/admin/settings`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}`, origin: AGENT_ORIGIN },
        body: JSON.stringify(body),
      });
    expect((await put({ fallbackMessages: { de: 'Hallo' } })).status).toBe(403);
    const admin = await adminToken();
    const response = await put({ fallbackMessages: { de: 'Schreiben Sie uns.' } }, admin);
    expect(response.status).toBe(200);
    expect(((await response.json()) as { fallbackMessages: Record<Locale, string> }).fallbackMessages.de).toBe('Schreiben Sie uns.');
    expect((await put({ fallbackMessages: { ja: 'こんにちは' } }, admin)).status).toBe(400);
    expect((await put({ fallbackMessages: { de: '  ' } }, admin)).status).toBe(400);
    expect(await fallbackFor('de')).toBe('Schreiben Sie uns.');
  });

  it('npm run admin -- settings takes --fallback-message-LANG, and "" removes a text', async () => {
    h = await startHarness();
    const admin = (...args: string[]) => runAdminCommand(args, h.app.db, h.clock, h.config);
    const shown = JSON.parse(await admin('settings', '--fallback-message-de', 'Bitte mailen Sie uns.', '--fallback-message', 'Mail us.')) as {
      fallbackMessages: Record<Locale, string>;
    };
    expect(shown.fallbackMessages).toMatchObject({ de: 'Bitte mailen Sie uns.', fr: 'Mail us.' });
    expect(await fallbackFor('de')).toBe('Bitte mailen Sie uns.');
    await admin('settings', '--fallback-message-de', '', '--fallback-message', '');
    expect(await fallbackFor('de')).toBe(SHIPPED_FALLBACK_MESSAGES.de);
  });
});

async function adminToken(): Promise<string> {
  const { agent, token } = await h.addAgent('Admin');
  await h.app.db.updateTable('users').set({ role: 'admin' }).where('id', '=', agent.id).execute();
  return token;
}
