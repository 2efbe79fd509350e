import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findUserByEmail } from '../../server/db/users.ts';
import { startAgentSession } from '../../server/services/agent-sessions.ts';
import { checkCredentials } from '../../server/services/auth.ts';
import { runAdminCommand, wantsHelp } from '../../server/src/admin-cli.ts';
import { DEMO_AGENT, demoFile, ensureDemoAgent } from '../../server/src/demo-agent.ts';
import { AGENT_ORIGIN, expectOk, startChat, startHarness, type Harness } from './helpers.ts';

let h: Harness;
afterEach(async () => {
  await h?.close();
});

const admin = (...args: string[]) => runAdminCommand(args, h.app.db, h.clock, h.config);
/** the command with `typed` as what --password-stdin reads */
const adminReading = (typed: string, ...args: string[]) => runAdminCommand(args, h.app.db, h.clock, h.config, async () => typed);
const signsIn = (email: string, password: string) => checkCredentials(h.app.db, email, password, h.config.passwordHashCost);

describe('admin commands', () => {
  it('creates an agent with a generated password that signs in', async () => {
    h = await startHarness();
    const out = await admin('create-agent', '--email', 'Ada@Example.test', '--name', 'Ada');
    expect(out).toMatch(/^created agent ada@example\.test \(Ada\)\npassword: \S{12,}$/);
    const password = out.split('password: ')[1]!;
    expect((await signsIn('ada@example.test', password))?.name).toBe('Ada');
  });

  it('a new agent starts unavailable: no chat is offered to them until they switch themselves on', async () => {
    h = await startHarness();
    await admin('create-agent', '--email', 'new@example.test', '--name', 'Newcomer');
    const user = (await findUserByEmail(h.app.db, 'new@example.test'))!;
    const newcomer = await h.connectAgent((await startAgentSession(h.app.db, h.clock, user.id, h.config.accessTokenTtlMs)).accessToken);
    const first = await startChat(h);
    expect((await first.visitor.waitFor('conversation:updated')).status).toBe('missed');
    expect(newcomer.received('offer:created')).toEqual([]);
    expect(expectOk(await newcomer.call('availability:set', { available: true })).available).toBe(true);
    const second = await startChat(h);
    expect((await newcomer.waitFor('offer:created')).conversationId).toBe(second.conversationId);
  });

  it('creates an admin with the password read by --password-stdin, and prints no password', async () => {
    h = await startHarness();
    expect(await adminReading('long enough pw', 'create-agent', '--email', 'boss@example.test', '--name', 'Boss', '--admin', '--password-stdin')).toBe(
      'created admin boss@example.test (Boss)',
    );
    expect((await findUserByEmail(h.app.db, 'boss@example.test'))?.role).toBe('admin');
    expect(await signsIn('boss@example.test', 'long enough pw')).not.toBeNull();
  });

  it('refuses a password on the command line, saying what to do instead, and creates nobody', async () => {
    h = await startHarness();
    for (const args of [['--password', 'long enough pw'], ['--password=long enough pw']]) {
      await expect(admin('create-agent', '--email', 'x@example.test', '--name', 'X', ...args)).rejects.toThrow(
        '--password is not accepted: leave it out to get a generated password, or give --password-stdin and pipe the password in (or type it at the prompt)',
      );
    }
    expect(await findUserByEmail(h.app.db, 'x@example.test')).toBeUndefined();
  });

  it('npm run admin reads the password piped to --password-stdin, one line', async () => {
    h = await startHarness();
    const run = spawnSync(
      process.execPath,
      ['server/src/admin.ts', 'create-agent', '--email', 'piped@example.test', '--name', 'Piped', '--password-stdin'],
      {
        input: 'piped password 1\nsecond line\n',
        encoding: 'utf8',
        env: {
          ...process.env,
          DATA_DIR: h.config.dataDir,
          DATABASE_URL: h.config.databaseUrl ?? '',
          DATABASE_SCHEMA: h.config.databaseSchema,
          PASSWORD_HASH_COST: '15',
        },
      },
    );
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('created agent piped@example.test (Piped)\n');
    expect(await signsIn('piped@example.test', 'piped password 1')).not.toBeNull();
  });

  it('refuses a duplicate email, missing flags, a short password and unknown commands with one-line errors', async () => {
    h = await startHarness();
    await admin('create-agent', '--email', 'ada@example.test', '--name', 'Ada');
    await expect(admin('create-agent', '--email', 'ADA@example.test', '--name', 'Ada 2')).rejects.toThrow(
      'an agent with email ada@example.test already exists',
    );
    await expect(admin('create-agent', '--name', 'X')).rejects.toThrow('missing --email');
    await expect(adminReading('short', 'create-agent', '--email', 'x@example.test', '--name', 'X', '--password-stdin')).rejects.toThrow(
      'a password needs 8 to 200 characters',
    );
    await expect(admin('frobnicate')).rejects.toThrow('unknown command: frobnicate');
    await expect(admin('list', '--bogus')).rejects.toThrow(/bogus/);
    await expect(admin('disable', '--email', 'ghost@example.test')).rejects.toThrow('no agent with email ghost@example.test');
    expect(wantsHelp([])).toBe(true);
    expect(wantsHelp(['list', '--help'])).toBe(true);
  });

  it('disable revokes sign-in and tokens; the open socket fails its next command; enable restores sign-in', async () => {
    h = await startHarness();
    const { email, token, client } = await h.onlineAgent();
    expect(await admin('disable', '--email', email)).toBe(`disabled ${email}`);
    const disconnected = new Promise((resolve) => client.socket.once('disconnect', resolve));
    expect(await client.call('availability:set', { available: true })).toEqual({ ok: false, error: 'unauthorized' });
    await disconnected;
    await expect(h.connectAgent(token)).rejects.toThrow('unauthorized');
    const login = () => h.post('/api/auth/login', { email, password: 'correct horse battery' }, { origin: AGENT_ORIGIN });
    expect((await login()).status).toBe(401);
    expect(await admin('enable', '--email', email)).toBe(`enabled ${email}`);
    expect((await login()).status).toBe(200);
  });

  it('lists agents with role, state and active chats', async () => {
    h = await startHarness();
    expect(await admin('list')).toBe('no agents');
    await admin('create-agent', '--email', 'b@example.test', '--name', 'Bea');
    await admin('create-agent', '--email', 'a@example.test', '--name', 'Al', '--admin');
    await admin('disable', '--email', 'b@example.test');
    expect((await admin('list')).split('\n')).toEqual([
      'a@example.test\tAl\tadmin\tenabled\t0 active',
      'b@example.test\tBea\tagent\tdisabled\t0 active',
    ]);
  });
});

describe('demo agent', () => {
  it('is created once on an empty database, saved owner-only, and read back on later starts', async () => {
    h = await startHarness();
    const dir = await mkdtemp(join(tmpdir(), 'switchboard-demo-'));
    try {
      const first = await ensureDemoAgent(h.app.db, h.clock, dir, h.config.passwordHashCost);
      expect(first?.email).toBe(DEMO_AGENT.email);
      expect((await stat(demoFile(dir))).mode & 0o777).toBe(0o600);
      expect(await signsIn(DEMO_AGENT.email, first!.password)).not.toBeNull();
      expect(await ensureDemoAgent(h.app.db, h.clock, dir, h.config.passwordHashCost)).toEqual(first);
      expect(await admin('list')).toMatch(/^demo@switchboard\.test\tDemo Agent\t/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('is not created when users already exist', async () => {
    h = await startHarness();
    await h.addAgent();
    const dir = await mkdtemp(join(tmpdir(), 'switchboard-demo-'));
    try {
      expect(await ensureDemoAgent(h.app.db, h.clock, dir, h.config.passwordHashCost)).toBeNull();
      expect(await findUserByEmail(h.app.db, DEMO_AGENT.email)).toBeUndefined();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
