/**
 * `node server/src/index.ts` as an operator runs it: the demo agent exists only when asked for
 * (`--demo`, what `npm start` passes, or DEMO=1), and never on PostgreSQL.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { freshTestDatabase, type TestDatabase } from './helpers.ts';

const INDEX = join(import.meta.dirname, '../../server/src/index.ts');

let child: ChildProcess | null = null;
let database: TestDatabase | null = null;
afterEach(async () => {
  child?.kill('SIGKILL');
  child = null;
  await database?.drop();
  database = null;
});

/** Starts the service and answers what it printed once it is listening. */
function start(args: string[], env: Record<string, string>): Promise<string> {
  child = spawn(process.execPath, [INDEX, ...args], { env: { ...process.env, ...env, PORT: '0', REDIS_URL: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  return new Promise((resolve, reject) => {
    child!.once('exit', (code) => reject(new Error(`exited with ${code}: ${out}`)));
    child!.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    child!.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('Extension folder:')) resolve(out);
    });
  });
}

describe('the demo agent', () => {
  it('is not made by a plain start', async () => {
    database = await freshTestDatabase();
    const out = await start([], database.env);
    expect(out).not.toMatch(/Demo agent/);
    expect(existsSync(join(database.env.DATA_DIR!, 'demo-agent.json'))).toBe(false);
  });

  it('is made with --demo on the embedded database, and refused with a hint on PostgreSQL', async () => {
    database = await freshTestDatabase();
    const out = await start(['--demo'], database.env);
    if (database.env.DATABASE_URL) {
      expect(out).toMatch(/No demo agent on PostgreSQL/);
      expect(out).not.toMatch(/Demo agent sign-in/);
    } else {
      expect(out).toMatch(/Demo agent sign-in:\s+demo@switchboard\.test\s+\/\s+\S+/);
    }
  });

  it('is made with DEMO=1 too', async () => {
    database = await freshTestDatabase();
    const out = await start([], { ...database.env, DEMO: '1', DATABASE_URL: '' });
    expect(out).toMatch(/Demo agent sign-in:/);
  });
});
