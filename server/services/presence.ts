/**
 * Who is connected, shared by every server process through the database (the one owner of presence).
 *
 * - Each process registers a node row and beats a heartbeat; it counts as alive while the beat is
 *   recent (`nodeTtlMs`). Each agent socket is a row owned by its process.
 * - An agent is **reachable** when they hold a socket on a live process: only reachable agents get
 *   offers, so no chat is offered to someone who cannot see it.
 * - An agent is **returning** while their last connection was lost less than `graceMs` ago (a network
 *   blip, a restarting service worker, a process that died): they get no offers, but routing holds a
 *   waiting chat for them instead of declaring that nobody is available.
 * - A deliberate close (sign-out, revoked token, disable) ends presence at once, without a grace.
 * - A process whose heartbeat stopped is reaped by another: its connections count as lost at its last
 *   beat. A process that knows it is alone (SQLite, or PostgreSQL under the single-process lock) reaps
 *   every other node as it starts, which is what a restart after a crash needs.
 */
import { randomUUID } from 'node:crypto';
import { PostgresAdapter, type SelectQueryBuilder } from 'kysely';
import type { DB, Db } from '../db/schema.ts';
import { inTransaction } from '../db/tx.ts';
import type { Clock } from '../src/clock.ts';

export interface PresenceOptions {
  graceMs: number;
  /** a node whose heartbeat is older than this is dead */
  nodeTtlMs: number;
}

export const NODE_HEARTBEAT_MS = 1_000;
export const NODE_TTL_MS = 6_000;

export interface Presence {
  readonly nodeId: string;
  /** registers this process; `alone`: no other process can be running, so every other node is dead */
  start(alone: boolean): Promise<void>;
  connected(agentId: string, socketId: string): Promise<void>;
  /** `lost`: the connection dropped (network, ping timeout) rather than being closed by either side */
  disconnected(agentId: string, socketId: string, lost: boolean): Promise<void>;
  /**
   * beats the heartbeat and makes this node's rows match the sockets it really holds (socket id →
   * agent id), asked for after this node's rows were read: a socket whose row was written while the
   * beat ran is among them, so its row stays (the handshake counts a socket as held before its row)
   */
  heartbeat(liveSockets: () => ReadonlyMap<string, string>): Promise<void>;
  /** claims nodes whose heartbeat stopped: their agents' connections count as lost at the last beat */
  reapDeadNodes(): Promise<number>;
  /** this process stops: its agents' connections count as lost now, so they keep their grace elsewhere */
  leave(): Promise<void>;
  /** this process's sockets of agents who were disabled (the flag may have been set by another process or the CLI) */
  localSocketsOfDisabledAgents(): Promise<string[]>;
  /**
   * whether the agent held a socket on a process that was still beating after `since` (this one, or
   * one whose heartbeat is later): an offer made at `since` could reach them. A process that died
   * just before it keeps its rows until it is reaped, and those must not count as the agent seeing it.
   */
  couldSee(db: Db, agentId: string, since: number): Promise<boolean>;
  /** agents holding a socket on a live process (a subquery for routing's `where id in (…)`) */
  reachableAgentIds(db: Db): ReturnType<typeof reachableQuery>;
  /** agents in their grace: not reachable, last connection lost less than the grace ago */
  returningAgentIds(db: Db): ReturnType<typeof returningQuery>;
}

function reachableQuery(db: Db, nodeId: string, aliveSince: number) {
  return db
    .selectFrom('agent_connections as pc')
    .innerJoin('server_nodes as pn', 'pn.id', 'pc.node_id')
    .select('pc.agent_id')
    .where((eb) => eb.or([eb('pn.id', '=', nodeId), eb('pn.heartbeat_at', '>', aliveSince)]));
}

type AgentIds = SelectQueryBuilder<DB, 'agent_connections', { agent_id: string }>;

function agentsOn(db: Db, nodeId: string): AgentIds {
  return db.selectFrom('agent_connections').select('agent_id').where('node_id', '=', nodeId);
}

function returningQuery(db: Db, reachable: ReturnType<typeof reachableQuery>, lostSince: number) {
  return db.selectFrom('users').select('id').where('lost_at', '>', lostSince).where('id', 'not in', reachable);
}

/**
 * Who is reachable, read by a process that holds no sockets and beats no heartbeat (the shell's
 * `npm run admin`): agents holding a socket on a process whose heartbeat is recent.
 */
export function presenceReader(clock: Clock, nodeTtlMs = NODE_TTL_MS): Pick<Presence, 'reachableAgentIds'> {
  return { reachableAgentIds: (db) => reachableQuery(db, '', clock.now() - nodeTtlMs) };
}

/** On PostgreSQL, takes the agent's row lock until the transaction ends. */
async function lockAgentRow(trx: Db, agentId: string): Promise<void> {
  if (!(trx.getExecutor().adapter instanceof PostgresAdapter)) return;
  await trx.selectFrom('users').select('id').where('id', '=', agentId).forUpdate().execute();
}

export function createPresence(db: Db, clock: Clock, options: PresenceOptions): Presence {
  const nodeId = randomUUID();
  const reachable = (q: Db) => reachableQuery(q, nodeId, clock.now() - options.nodeTtlMs);

  /** a later loss moves the start of the grace; an earlier one never shortens it */
  async function markLost(trx: Db, agentIds: AgentIds | string, at: number): Promise<void> {
    await trx
      .updateTable('users')
      .set({ lost_at: at })
      .where('id', 'in', typeof agentIds === 'string' ? [agentIds] : agentIds)
      .where((eb) => eb.or([eb('lost_at', 'is', null), eb('lost_at', '<', at)]))
      .execute();
  }

  async function reap(node: { id: string; heartbeat_at: number }): Promise<boolean> {
    return inTransaction(db, async (trx) => {
      // conditional on the beat we saw, so of two reaping processes one claims it
      const claimed = await trx.deleteFrom('server_nodes').where('id', '=', node.id).where('heartbeat_at', '=', node.heartbeat_at).executeTakeFirst();
      if (claimed.numDeletedRows !== 1n) return false;
      await markLost(trx, agentsOn(trx, node.id), node.heartbeat_at);
      await trx.deleteFrom('agent_connections').where('node_id', '=', node.id).execute();
      return true;
    });
  }

  async function connected(agentId: string, socketId: string): Promise<void> {
    await db
      .insertInto('agent_connections')
      .values({ socket_id: socketId, agent_id: agentId, node_id: nodeId, connected_at: clock.now() })
      .onConflict((oc) => oc.column('socket_id').doNothing())
      .execute();
  }

  return {
    nodeId,
    async start(alone) {
      const now = clock.now();
      await db.insertInto('server_nodes').values({ id: nodeId, started_at: now, heartbeat_at: now }).execute();
      if (!alone) return;
      const others = await db.selectFrom('server_nodes').select(['id', 'heartbeat_at']).where('id', '!=', nodeId).execute();
      for (const node of others) await reap(node);
      // connections of nodes that never registered (none in practice) cannot be anyone's
      await db.deleteFrom('agent_connections').where('node_id', 'not in', db.selectFrom('server_nodes').select('id')).execute();
    },
    connected,
    async disconnected(agentId, socketId, lost) {
      await inTransaction(db, async (trx) => {
        // one at a time per agent: two of their sockets closing at once on two processes would each
        // still see the other's row and neither would start the grace (SQLite has one writer anyway)
        await lockAgentRow(trx, agentId);
        await trx.deleteFrom('agent_connections').where('socket_id', '=', socketId).execute();
        const left = await trx.selectFrom('agent_connections').select('socket_id').where('agent_id', '=', agentId).executeTakeFirst();
        if (left) return;
        if (lost) await markLost(trx, agentId, clock.now());
        else await trx.updateTable('users').set({ lost_at: null }).where('id', '=', agentId).execute();
      });
    },
    async heartbeat(liveSockets) {
      const now = clock.now();
      const beat = await db.updateTable('server_nodes').set({ heartbeat_at: now }).where('id', '=', nodeId).executeTakeFirst();
      // another process took us for dead (a long pause) and reaped our rows: register again
      if (beat.numUpdatedRows !== 1n) {
        await db.insertInto('server_nodes').values({ id: nodeId, started_at: now, heartbeat_at: now }).execute();
      }
      const stored = await db.selectFrom('agent_connections').select('socket_id').where('node_id', '=', nodeId).execute();
      const live = liveSockets();
      const storedIds = new Set(stored.map((r) => r.socket_id));
      const gone = [...storedIds].filter((id) => !live.has(id));
      if (gone.length > 0) await db.deleteFrom('agent_connections').where('socket_id', 'in', gone).execute();
      for (const [socketId, agentId] of live) {
        if (!storedIds.has(socketId)) await connected(agentId, socketId);
      }
    },
    async reapDeadNodes() {
      const dead = await db
        .selectFrom('server_nodes')
        .select(['id', 'heartbeat_at'])
        .where('id', '!=', nodeId)
        .where('heartbeat_at', '<=', clock.now() - options.nodeTtlMs)
        .execute();
      let reaped = 0;
      for (const node of dead) if (await reap(node)) reaped += 1;
      return reaped;
    },
    async leave() {
      await inTransaction(db, async (trx) => {
        await trx.deleteFrom('server_nodes').where('id', '=', nodeId).execute();
        await markLost(trx, agentsOn(trx, nodeId), clock.now());
        await trx.deleteFrom('agent_connections').where('node_id', '=', nodeId).execute();
      });
    },
    async localSocketsOfDisabledAgents() {
      const rows = await db
        .selectFrom('agent_connections as pc')
        .innerJoin('users as u', 'u.id', 'pc.agent_id')
        .select('pc.socket_id')
        .where('pc.node_id', '=', nodeId)
        .where('u.disabled', '=', 1)
        .execute();
      return rows.map((r) => r.socket_id);
    },
    async couldSee(q, agentId, since) {
      const row = await q
        .selectFrom('agent_connections as pc')
        .innerJoin('server_nodes as pn', 'pn.id', 'pc.node_id')
        .select('pc.socket_id')
        .where('pc.agent_id', '=', agentId)
        .where((eb) => eb.or([eb('pn.id', '=', nodeId), eb('pn.heartbeat_at', '>', since)]))
        .executeTakeFirst();
      return row !== undefined;
    },
    reachableAgentIds: (q) => reachable(q),
    returningAgentIds: (q) => returningQuery(q, reachable(q), clock.now() - options.graceMs),
  };
}
