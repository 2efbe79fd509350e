/**
 * Migration 017 re-keys the index that catches a repeated send by the client id first. A database made
 * by the migrations before it, with messages in the full-text index and in its queue, is opened by the
 * server as at any start: every message is kept as it was (on SQLite with its rowid, which the
 * full-text index refers to), search finds the old messages, a repeated client id is still answered
 * with the stored message, and the same client id in another chat is still a message of its own.
 * Runs on SQLite, and on PostgreSQL with TEST_DATABASE_URL.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PostgresAdapter, sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import type { Ack } from '../../protocol/ack.ts';
import type { MessageDTO } from '../../protocol/dto.ts';
import { openDatabaseAt } from '../../server/db/connect.ts';
import type { Db } from '../../server/db/schema.ts';
import { indexPendingMessages } from '../../server/db/search-index.ts';
import { createAgent } from '../../server/services/agents.ts';
import { startAgentSession } from '../../server/services/agent-sessions.ts';
import { loadConfig } from '../../server/src/config.ts';
import { expectOk, FakeClock, runSql, startHarness, type Harness } from './helpers.ts';

const BEFORE = '016_conversations_message_columns_unindexed';

let h: Harness | undefined;
let cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  await h?.close();
  h = undefined;
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
});

/** A data folder and, with TEST_DATABASE_URL, a schema of its own, removed after the test. */
async function freshPlace(): Promise<{ dataDir: string; schema?: string; env: Record<string, string> }> {
  const dataDir = await mkdtemp(join(tmpdir(), 'switchboard-migration-'));
  cleanup.push(() => rm(dataDir, { recursive: true, force: true }));
  const pgUrl = process.env.TEST_DATABASE_URL;
  if (!pgUrl) return { dataDir, env: { DATA_DIR: dataDir } };
  const schema = `m_${randomUUID().replaceAll('-', '')}`;
  await runSql(pgUrl, `create schema ${schema}`);
  cleanup.push(() => runSql(pgUrl, `drop schema ${schema} cascade`));
  return { dataDir, schema, env: { DATA_DIR: dataDir, DATABASE_URL: pgUrl, DATABASE_SCHEMA: schema } };
}

const isPostgres = (db: Db) => db.getExecutor().adapter instanceof PostgresAdapter;

/** Every message as stored, with its rowid on SQLite (the full-text index's key). */
async function storedMessages(db: Db) {
  const rowid = isPostgres(db) ? sql<number | null>`null` : sql<number | null>`rowid`;
  return db
    .selectFrom('messages')
    .select(['id', 'conversation_id', 'seq', 'client_id', 'author', 'author_name', 'body', 'created_at', 'note', rowid.as('row_id')])
    .orderBy('id')
    .execute();
}

/** The columns of the unique index over the client id, in key order. */
async function clientIdIndexColumns(db: Db): Promise<string[]> {
  if (isPostgres(db)) {
    const { rows } = await sql<{ columns: string }>`
      select pg_get_indexdef(i.indexrelid) as columns from pg_index i join pg_class c on c.oid = i.indexrelid
      where c.relname = 'messages_client_id' and c.relnamespace = current_schema()::regnamespace`.execute(db);
    const match = /\(([^)]*)\)\s*$/.exec(rows[0]?.columns ?? '');
    return (match?.[1] ?? '').split(',').map((column) => column.trim());
  }
  const { rows: indexes } = await sql<{ name: string }>`select name from pragma_index_list('messages') where "unique" = 1`.execute(db);
  for (const { name } of indexes) {
    const { rows } = await sql<{ name: string }>`select name from pragma_index_info(${name}) order by seqno`.execute(db);
    if (rows.some((column) => column.name === 'client_id')) return rows.map((column) => column.name);
  }
  return [];
}

describe('migration 017: the client-id index keyed by the client id first', () => {
  it('keeps every message, its search and its de-duplication when a database made before it is opened', async () => {
    const place = await freshPlace();
    const clock = new FakeClock();
    const old = await openDatabaseAt(loadConfig(place.env), BEFORE);
    const { agent } = await createAgent(old.db, clock, { email: 'ada@example.test', name: 'Ada', password: 'correct horse battery', available: true });
    const chats = [randomUUID(), randomUUID()];
    for (const [i, conversationId] of chats.entries()) {
      const visitorId = randomUUID();
      await old.db.insertInto('visitors').values({ id: visitorId, name: `Visitor ${i}`, email: null, job_title: null, phone: null, crm_status: null, created_at: 0 }).execute();
      await old.db
        .insertInto('conversations')
        .values({
          id: conversationId, visitor_id: visitorId, agent_id: agent.id, status: 'active', last_seq: 0, page_url: null, created_at: 0,
          ended_at: null, ended_by: null, site_key: null, offers_made: 1, queued_at: null, queue_position: null, last_activity_at: 0,
        })
        .execute();
    }
    const seqs = new Map<string, number>();
    const store = async (conversationId: string, clientId: string, body: string, author: 'visitor' | 'agent' = 'visitor') => {
      const seq = (seqs.get(conversationId) ?? 0) + 1;
      seqs.set(conversationId, seq);
      await old.db
        .insertInto('messages')
        .values({ id: randomUUID(), conversation_id: conversationId, seq, client_id: clientId, author, author_name: author === 'agent' ? 'Ada' : null, body, created_at: seq, card: null, notice: null, note: 0 })
        .execute();
      await old.db.updateTable('conversations').set({ last_seq: seq }).where('id', '=', conversationId).execute();
    };
    await store(chats[0]!, 'first', 'the pelican arrived');
    await store(chats[0]!, 'same', 'one more thing');
    await store(chats[1]!, 'same', 'a different chat, the same client id', 'agent');
    // on SQLite these three are in the full-text index, the ones after it in its queue
    if (!isPostgres(old.db)) expect(await indexPendingMessages(old.db)).toBe(3);
    await store(chats[1]!, 'later', 'the walrus is still waiting');
    const before = await storedMessages(old.db);
    expect(await clientIdIndexColumns(old.db)).toEqual(['conversation_id', 'client_id']);
    await old.close();

    // the server's own start migrates it
    h = await startHarness({}, { dataDir: place.dataDir, schema: place.schema, keepData: true });
    const db = h.app.db;
    expect(await clientIdIndexColumns(db)).toEqual(['client_id', 'conversation_id']);
    expect(await storedMessages(db)).toEqual(before);
    if (!isPostgres(db)) {
      const { rows } = await sql<{ integrity_check: string }>`pragma integrity_check`.execute(db);
      expect(rows).toEqual([{ integrity_check: 'ok' }]);
    }

    const { accessToken } = await startAgentSession(db, h.clock, agent.id, h.config.accessTokenTtlMs);
    const client = await h.connectAgent(accessToken);
    for (const [word, body] of [['pelican', 'the pelican arrived'], ['walrus', 'the walrus is still waiting']] as const) {
      const page = expectOk(await client.call('search:messages', { query: word }));
      expect(page.items.map((item) => item.snippet.text)).toEqual([body]);
    }
    // a stored message can still be edited out of the index: the triggers moved to the new table
    if (!isPostgres(db)) {
      await db.deleteFrom('messages').where('client_id', '=', 'first').execute();
      await sql`insert into messages_fts (messages_fts, rank) values ('integrity-check', 1)`.execute(db);
      expect(expectOk(await client.call('search:messages', { query: 'pelican' })).items).toEqual([]);
    }

    // the agent's repeat is answered with what was stored, in the chat it was stored in
    const repeat = expectOk((await client.raw('message:send', { conversationId: chats[1]!, clientId: 'same', body: 'sent again' })) as Ack<MessageDTO>);
    expect({ seq: repeat.seq, body: repeat.body }).toEqual({ seq: 1, body: 'a different chat, the same client id' });
    const fresh = expectOk((await client.raw('message:send', { conversationId: chats[1]!, clientId: 'first', body: 'new here' })) as Ack<MessageDTO>);
    expect({ seq: fresh.seq, body: fresh.body }).toEqual({ seq: 3, body: 'new here' });
    expect(await db.selectFrom('messages').select('seq').where('conversation_id', '=', chats[1]!).where('client_id', '=', 'first').execute()).toEqual([{ seq: 3 }]);
  });
});
