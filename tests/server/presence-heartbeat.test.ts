/**
 * The heartbeat makes a process's connection rows match the sockets it holds. An agent whose
 * handshake wrote their row while a beat was running must keep it: the beat once compared the rows
 * it read with the sockets held when it started, deleted the new row, and for up to a second the
 * agent was not reachable, so a chat requested then was declared missed with the agent online.
 */
import { TableNode, UpdateQueryNode, type KyselyPlugin, type QueryId } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { createPresence, NODE_TTL_MS, type Presence } from '../../server/services/presence.ts';
import { startHarness, type Harness } from './helpers.ts';

let h: Harness;
afterEach(async () => {
  await h?.close();
});

/**
 * Runs `step` after the beat's own update of its node row has run and before the beat reads the
 * connection rows, the moment at which a handshake's row written meanwhile is read with the others.
 */
function afterBeatUpdate(step: () => Promise<void>): KyselyPlugin {
  const beats = new WeakSet<QueryId>();
  return {
    transformQuery(args) {
      const node = args.node;
      const table = UpdateQueryNode.is(node) && node.table && TableNode.is(node.table) ? node.table.table.identifier.name : null;
      if (table === 'server_nodes') beats.add(args.queryId);
      return node;
    },
    async transformResult(args) {
      if (beats.has(args.queryId)) await step();
      return args.result;
    },
  };
}

/** A second process's presence on the harness's database (the harness's own beats on a real timer). */
async function otherProcess(plugin?: KyselyPlugin): Promise<Presence> {
  const db = plugin ? h.app.db.withPlugin(plugin) : h.app.db;
  const presence = createPresence(db, h.clock, { graceMs: h.config.presenceGraceMs, nodeTtlMs: NODE_TTL_MS });
  await presence.start(false);
  return presence;
}

async function reachable(presence: Presence): Promise<string[]> {
  return (await presence.reachableAgentIds(h.app.db).execute()).map((r) => r.agent_id);
}

describe('presence heartbeat', () => {
  it('keeps the row of an agent whose handshake wrote it while the beat was running', async () => {
    h = await startHarness();
    const { agent } = await h.addAgent('Joining Agent');
    const held = new Map<string, string>();
    // as the handshake does it, while the beat runs: the socket is held first, then its row is written
    const presence = await otherProcess(
      afterBeatUpdate(async () => {
        held.set('socket-joining', agent.id);
        await presence.connected(agent.id, 'socket-joining');
      }),
    );

    // what the process holds at the moment it is asked, as sockets.ts answers it: a new map each time
    await presence.heartbeat(() => new Map(held));

    expect(await reachable(presence)).toEqual([agent.id]);
  });

  it('deletes the rows of sockets it no longer holds and writes those of sockets it holds without one', async () => {
    h = await startHarness();
    const [left, stayed] = await Promise.all([h.addAgent('Left Agent'), h.addAgent('Stayed Agent')]);
    const presence = await otherProcess();
    await presence.connected(left.agent.id, 'socket-left');

    await presence.heartbeat(() => new Map([['socket-stayed', stayed.agent.id]]));

    const rows = await h.app.db.selectFrom('agent_connections').select(['socket_id', 'agent_id']).where('node_id', '=', presence.nodeId).execute();
    expect(rows).toEqual([{ socket_id: 'socket-stayed', agent_id: stayed.agent.id }]);
  });
});
