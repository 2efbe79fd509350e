/** A ready-made agent for a first local run, so the extension can be tried without the admin CLI. */
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Db } from '../db/schema.ts';
import { countUsers } from '../db/users.ts';
import { AdminError, createAgent } from '../services/agents.ts';
import type { Clock } from './clock.ts';

export const DEMO_AGENT = { email: 'demo@switchboard.test', name: 'Demo Agent' } as const;

export interface DemoSignIn {
  email: string;
  password: string;
}

export const demoFile = (dataDir: string) => join(dataDir, 'demo-agent.json');

/**
 * On a database without any user, creates the demo agent and writes its sign-in to
 * DATA_DIR/demo-agent.json (owner-only). Returns the sign-in from that file if it exists.
 */
export async function ensureDemoAgent(db: Db, clock: Clock, dataDir: string, passwordCost: number): Promise<DemoSignIn | null> {
  const file = demoFile(dataDir);
  if ((await countUsers(db)) === 0) {
    // several processes starting at once on a new database: one of them creates it
    const created = await createAgent(db, clock, { ...DEMO_AGENT }, passwordCost).catch((error: unknown) => {
      if (error instanceof AdminError) return null;
      throw error;
    });
    if (created) {
      await mkdir(dataDir, { recursive: true });
      await writeFile(file, JSON.stringify({ email: created.agent.email, password: created.password }, null, 2) + '\n', { mode: 0o600 });
      await chmod(file, 0o600);
    }
  }
  try {
    const saved = JSON.parse(await readFile(file, 'utf8')) as Partial<DemoSignIn>;
    return typeof saved.email === 'string' && typeof saved.password === 'string'
      ? { email: saved.email, password: saved.password }
      : null;
  } catch {
    return null;
  }
}
