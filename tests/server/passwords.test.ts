import { afterEach, describe, expect, it } from 'vitest';
import { findUserByEmail } from '../../server/db/users.ts';
import { createAgent } from '../../server/services/agents.ts';
import { hashPassword, needsRehash, verifyPassword } from '../../server/services/passwords.ts';
import { loadConfig } from '../../server/src/config.ts';
import { AGENT_ORIGIN, PASSWORD, startHarness, TEST_PASSWORD_COST, type Harness } from './helpers.ts';

let h: Harness;

const storedHash = async (email: string) => (await findUserByEmail(h.app.db, email))!.password_hash;
const login = (email: string, password = PASSWORD) => h.post('/api/auth/login', { email, password }, { origin: AGENT_ORIGIN });

describe('password hashes at sign-in', () => {
  afterEach(async () => {
    await h?.close();
  });

  it('default to the OWASP cost, scrypt N = 2^17, r = 8, p = 1, and a sign-in upgrades a hash made at 2^14', async () => {
    expect(loadConfig({}).passwordHashCost).toBe(17);
    h = await startHarness({ PASSWORD_HASH_COST: '17' });
    await createAgent(h.app.db, h.clock, { email: 'old@example.test', name: 'Old', password: PASSWORD }, 14);
    const old = await storedHash('old@example.test');
    expect(old).toMatch(/^scrypt\$16384\$8\$1\$/);

    expect((await login('old@example.test', 'wrong password')).status).toBe(401);
    expect(await storedHash('old@example.test')).toBe(old);
    expect((await login('old@example.test')).status).toBe(200);

    const upgraded = await storedHash('old@example.test');
    expect(upgraded).toMatch(/^scrypt\$131072\$8\$1\$/);
    expect((await login('old@example.test')).status).toBe(200);
    expect(await storedHash('old@example.test')).toBe(upgraded);
  });

  it('keeps a hash made at a higher cost than the one configured', async () => {
    h = await startHarness();
    await createAgent(h.app.db, h.clock, { email: 'strong@example.test', name: 'Strong', password: PASSWORD }, TEST_PASSWORD_COST + 2);
    const strong = await storedHash('strong@example.test');
    expect((await login('strong@example.test')).status).toBe(200);
    expect(await storedHash('strong@example.test')).toBe(strong);
  });
});

describe('password hash settings', () => {
  it('PASSWORD_HASH_COST sets the cost of new hashes, from 2^15 to 2^18', () => {
    expect(loadConfig({ PASSWORD_HASH_COST: '15' }).passwordHashCost).toBe(15);
    expect(() => loadConfig({ PASSWORD_HASH_COST: '14' })).toThrow(/PASSWORD_HASH_COST/);
    expect(() => loadConfig({ PASSWORD_HASH_COST: '19' })).toThrow(/PASSWORD_HASH_COST/);
  });

  it('refuses stored hashes it cannot read or whose cost is out of bounds, without computing them', async () => {
    const good = await hashPassword(PASSWORD, TEST_PASSWORD_COST);
    expect(await verifyPassword(PASSWORD, good)).toBe(true);
    expect(await verifyPassword('wrong', good)).toBe(false);
    const [, , r, p, salt, key] = good.split('$');
    for (const n of [2 ** 30, 1000, 0]) expect(await verifyPassword(PASSWORD, ['scrypt', n, r, p, salt, key].join('$'))).toBe(false);
    expect(await verifyPassword(PASSWORD, `bcrypt$${good}`)).toBe(false);
    expect(await verifyPassword(PASSWORD, 'scrypt$1024$8$1$$')).toBe(false);
    expect(needsRehash(good, TEST_PASSWORD_COST)).toBe(false);
    expect(needsRehash(good, TEST_PASSWORD_COST + 1)).toBe(true);
  });
});
