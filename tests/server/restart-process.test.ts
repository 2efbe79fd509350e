/**
 * The embedded default restarted for real: one process on its SQLite file, killed with SIGKILL while a
 * chat is offered, started again with the real sweep interval. Its first sweeps run before the agent
 * is back; the chat must wait for the agent (inside the grace), not end as missed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { VisitorClientToServerEvents, VisitorServerToClientEvents } from '../../protocol/events.ts';
import { openDatabase, type Database } from '../../server/db/connect.ts';
import { createAgent } from '../../server/services/agents.ts';
import { startAgentSession } from '../../server/services/agent-sessions.ts';
import { systemClock } from '../../server/src/clock.ts';
import { DEFAULT_ACCESS_TOKEN_TTL_MS, loadConfig } from '../../server/src/config.ts';
import { ready, spawnNode, until, type ServerProcess } from '../cluster/cluster.ts';
import { AGENT_ORIGIN, connected, expectOk, freePort, openSocket, PASSWORD, SITE_ORIGIN, TestClient, type AgentClient } from './helpers.ts';

let running: ServerProcess | null = null;
let database: Database | null = null;
let dir: string | null = null;
afterEach(async () => {
  if (running?.alive()) await running.kill();
  await database?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  running = database = dir = null;
});

async function start(env: Record<string, string>, port: number): Promise<ServerProcess> {
  const node = spawnNode(env, port);
  await until(async () => node.alive() && ready(node.url), 'the server ready', 30_000);
  return node;
}

describe('a real restart of the embedded default', () => {
  it('kill -9 mid-offer, restart, sweeps before the agent is back: the chat waits and is offered to the returning agent', async () => {
    dir = mkdtempSync(join(tmpdir(), 'switchboard-restart-'));
    const env = { DATA_DIR: dir, DATABASE_URL: '', REDIS_URL: '', SITE_ORIGINS: SITE_ORIGIN, OFFER_TIMEOUT_MS: '2000', PRESENCE_GRACE_MS: '30000' };
    const port = await freePort();
    running = await start(env, port);
    database = await openDatabase(loadConfig({ ...env, PORT: '0' }));
    const { agent } = await createAgent(database.db, systemClock, { email: 'ada@example.test', name: 'Ada', password: PASSWORD, available: true });
    const token = (await startAgentSession(database.db, systemClock, agent.id, DEFAULT_ACCESS_TOKEN_TTL_MS)).accessToken;
    const connect = async (): Promise<AgentClient> => {
      const socket = openSocket(running!.url, '/agent', token, AGENT_ORIGIN);
      await connected(socket);
      return new TestClient(socket);
    };
    await connect();

    const session = (await (await fetch(`${running.url}/api/visitor/session`, { method: 'POST', headers: { 'content-type': 'application/json', origin: SITE_ORIGIN }, body: '{}' })).json()) as { token: string };
    const visitorSocket = openSocket(running.url, '/visitor', session.token, SITE_ORIGIN);
    await connected(visitorSocket);
    const visitor = new TestClient<VisitorServerToClientEvents, VisitorClientToServerEvents>(visitorSocket);
    const conversationId = expectOk(await visitor.call('chat:start', { name: 'Vera', email: 'vera@example.test' })).conversation.id;
    await until(async () => (await database!.db.selectFrom('offers').select('id').execute()).length === 1, 'the offer');
    visitor.close();

    await running.kill();
    await new Promise((r) => setTimeout(r, 2500));
    running = await start(env, port);
    // a few real sweeps with nobody connected, past the offer's deadline
    await new Promise((r) => setTimeout(r, 2500));
    const held = await database.db.selectFrom('conversations').select('status').where('id', '=', conversationId).executeTakeFirstOrThrow();
    expect(held.status).toBe('waiting');

    const back = await connect();
    const offer = await back.waitFor('offer:created', (o) => o.conversationId === conversationId, 10_000);
    expectOk(await back.call('offer:accept', { offerId: offer.id }));
    const row = await database.db.selectFrom('conversations').select('status').where('id', '=', conversationId).executeTakeFirstOrThrow();
    expect(row.status).toBe('active');
    back.close();
  });
});
