/**
 * An agent whose two connections, held by two processes, drop at the same moment must get their grace
 * (routing holds waiting chats for them instead of declaring nobody available). On PostgreSQL the two
 * processes' transactions run side by side: each deleted its own row and still saw the other's, so
 * neither started the grace. Run by `npm run test:pg`; the SQLite run leaves `*.pg.test.ts` out (one
 * writer: there the two run one after the other anyway).
 */
import { sql, SelectQueryNode, TableNode, type KyselyPlugin, type QueryId } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { createPresence, NODE_TTL_MS, type Presence } from '../../server/services/presence.ts';
import { startHarness, type Harness } from './helpers.ts';

let h: Harness;
afterEach(async () => {
  await h?.close();
});

/**
 * Runs `step` once, when the disconnect has deleted its row and read whether the agent holds another:
 * its transaction is still open then.
 */
function afterConnectionsRead(step: () => Promise<void>): KyselyPlugin {
  const reads = new WeakSet<QueryId>();
  let done = false;
  return {
    transformQuery(args) {
      const node = args.node;
      const from = SelectQueryNode.is(node) ? node.from?.froms[0] : undefined;
      if (from && TableNode.is(from) && from.table.identifier.name === 'agent_connections') reads.add(args.queryId);
      return node;
    },
    async transformResult(args) {
      if (reads.has(args.queryId) && !done) {
        done = true;
        await step();
      }
      return args.result;
    },
  };
}

function presenceOn(plugin?: KyselyPlugin): Presence {
  const db = plugin ? h.app.db.withPlugin(plugin) : h.app.db;
  return createPresence(db, h.clock, { graceMs: h.config.presenceGraceMs, nodeTtlMs: NODE_TTL_MS });
}

/**
 * Resolves once `work` has finished or a transaction waits for an agent's row lock held by another (at
 * most 5 s). Other test files' lock waits could only end the wait early, which lets the held disconnect
 * commit first: the order in which the old behaviour happened to be right.
 */
async function finishedOrWaiting(work: Promise<unknown>): Promise<void> {
  let finished = false;
  void work.finally(() => (finished = true));
  for (let i = 0; i < 500 && !finished; i++) {
    const waiting = await sql<{ n: string }>`select count(*) as n from pg_stat_activity
      where wait_event_type = 'Lock' and query like '%from "users"%for update%'`.execute(h.app.db);
    if (Number(waiting.rows[0]!.n) > 0) return;
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('presence on PostgreSQL', () => {
  it('starts the grace of an agent whose connections on two processes drop at the same moment', async () => {
    h = await startHarness();
    const { agent } = await h.addAgent('Two Browsers');
    let second: Promise<void> = Promise.resolve();
    const other = presenceOn();
    // the first process's disconnect, held open after its read, while the second process's runs
    const first = presenceOn(
      afterConnectionsRead(async () => {
        second = other.disconnected(agent.id, 'socket-b', true);
        await finishedOrWaiting(second);
      }),
    );
    await first.start(false);
    await other.start(false);
    await first.connected(agent.id, 'socket-a');
    await other.connected(agent.id, 'socket-b');

    await first.disconnected(agent.id, 'socket-a', true);
    await second;

    const row = await h.app.db.selectFrom('users').select('lost_at').where('id', '=', agent.id).executeTakeFirstOrThrow();
    expect(row.lost_at).toBe(h.clock.now());
    const returning = await other.returningAgentIds(h.app.db).execute();
    expect(returning.map((r) => r.id)).toEqual([agent.id]);
  });
});
