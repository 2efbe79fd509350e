import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { migrateToLatest } from '../../server/db/migrate.ts';
import { findUserByEmail } from '../../server/db/users.ts';
import { SHIPPED_FALLBACK_MESSAGES } from '../../server/services/fallback-messages.ts';
import { loadConfig } from '../../server/src/config.ts';
import { originAllowed } from '../../server/src/origins.ts';
import { startHarness } from './helpers.ts';

describe('configuration', () => {
  it('has the documented defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 3000,
      host: '127.0.0.1',
      databaseUrl: null,
      offerTimeoutMs: 45_000,
      maxChatsPerAgent: 10,
      siteOrigins: ['http://localhost:3000', 'http://127.0.0.1:3000'],
      agentOrigins: ['chrome-extension://lkbcgogbcnepkjocdhjeiopghggaloag', 'moz-extension://*'],
      sweepIntervalMs: 1000,
      chatRetentionDays: 365,
    });
    expect(config.dataDir).toBe(join(process.cwd(), 'data'));
    // no custom fallback message: the shipped one in the visitor's language applies
    expect(config.fallbackMessage).toBeNull();
    expect(SHIPPED_FALLBACK_MESSAGES.en).toMatch(/^Sorry, nobody is available right now/);
    expect(loadConfig({ PORT: '8080' }).siteOrigins).toEqual(['http://localhost:8080', 'http://127.0.0.1:8080']);
  });

  it('reads origins lists and treats empty variables as unset', () => {
    const config = loadConfig({ SITE_ORIGINS: ' https://Shop.example ,http://localhost:5173', PORT: '' });
    expect(config.siteOrigins).toEqual(['https://shop.example', 'http://localhost:5173']);
    expect(config.port).toBe(3000);
    // written as browsers send them: a Unicode host in its ASCII form, no final /
    expect(loadConfig({ SITE_ORIGINS: 'https://bücher.example/,https://*.bücher.example' }).siteOrigins).toEqual([
      'https://xn--bcher-kva.example',
      'https://*.xn--bcher-kva.example',
    ]);
  });

  it('refuses bad values with a message naming the setting', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/^Invalid configuration: PORT:/);
    expect(() => loadConfig({ OFFER_TIMEOUT_MS: '10' })).toThrow(/OFFER_TIMEOUT_MS/);
    expect(() => loadConfig({ MAX_CHATS_PER_AGENT: '0' })).toThrow(/MAX_CHATS_PER_AGENT/);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL: must be a postgres:\/\/ URL/);
    expect(() => loadConfig({ SITE_ORIGINS: 'https://shop.example/path' })).toThrow(/SITE_ORIGINS/);
    // a trailing * after a host would admit look-alike hosts: refused, not guessed at
    expect(() => loadConfig({ SITE_ORIGINS: 'https://shop.example.com*' })).toThrow(/SITE_ORIGINS/);
    expect(() => loadConfig({ SITE_ORIGINS: 'https://*example.com' })).toThrow(/SITE_ORIGINS/);
    expect(() => loadConfig({ SITE_SECRET: 'a'.repeat(40) })).toThrow(/SITE_SECRET: looks guessable/);
    // agents are shown 90 days of history: chats must be kept at least that long
    expect(() => loadConfig({ CHAT_RETENTION_DAYS: '30' })).toThrow(/CHAT_RETENTION_DAYS/);
    expect(loadConfig({ SITE_SECRET: 'k3X9pQ2vL7mZ4tR8wY1nB6cF0hJ5sD2g' }).siteSecret).toBe('k3X9pQ2vL7mZ4tR8wY1nB6cF0hJ5sD2g');
  });
});

describe('origin patterns', () => {
  it('matches exact origins and a trailing * for one id only', () => {
    const patterns = ['https://shop.example', 'moz-extension://*'];
    expect(originAllowed(patterns, 'https://shop.example')).toBe(true);
    expect(originAllowed(patterns, 'https://shop.example.evil.test')).toBe(false);
    expect(originAllowed(patterns, 'moz-extension://0d1e2f3a-1111-2222-3333-444455556666')).toBe(true);
    expect(originAllowed(patterns, 'moz-extension://')).toBe(false);
    expect(originAllowed(patterns, 'moz-extension://id/path')).toBe(false);
    expect(originAllowed(patterns, undefined)).toBe(false);
  });

  it('matches every subdomain for https://*.example.com and never a look-alike host, another scheme or port', () => {
    const patterns = ['https://*.example.com', 'http://localhost:3000'];
    expect(originAllowed(patterns, 'https://shop.example.com')).toBe(true);
    expect(originAllowed(patterns, 'https://a.b.example.com')).toBe(true);
    expect(originAllowed(patterns, 'https://example.com')).toBe(false);
    expect(originAllowed(patterns, 'https://shop.example.com.attacker.net')).toBe(false);
    expect(originAllowed(patterns, 'https://attackerexample.com')).toBe(false);
    expect(originAllowed(patterns, 'http://shop.example.com')).toBe(false);
    expect(originAllowed(patterns, 'https://shop.example.com:8443')).toBe(false);
    expect(originAllowed(patterns, 'https://user@shop.example.com')).toBe(false);
    expect(originAllowed(patterns, 'http://localhost:3000')).toBe(true);
    expect(originAllowed(patterns, 'http://localhost:3001')).toBe(false);
    expect(originAllowed(patterns, 'http://localhost')).toBe(false);
  });
});

describe('migrations', () => {
  it('run twice safely: migrating again is a no-op and a restart keeps the data', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'switchboard-migrate-'));
    try {
      const first = await startHarness({}, { dataDir: dir, keepData: true });
      const { email } = await first.addAgent('Kept');
      const schema = first.config.databaseUrl ? first.config.databaseSchema : undefined;
      await migrateToLatest(first.app.db, schema);
      await first.close();

      const again = await startHarness({}, { dataDir: dir, schema });
      try {
        expect((await findUserByEmail(again.app.db, email))?.name).toBe('Kept');
        const applied = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(again.app.db);
        // every migration in the folder, each applied once, in order
        const files = (await readdir(join(import.meta.dirname, '../../server/db/migrations'))).filter((f) => /^\d{3}_.+\.ts$/.test(f)).sort();
        expect(files.length).toBeGreaterThanOrEqual(6);
        expect(applied.rows).toEqual(files.map((f) => ({ name: f.replace(/\.ts$/, '') })));
      } finally {
        await again.close();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
