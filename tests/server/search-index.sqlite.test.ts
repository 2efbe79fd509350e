/**
 * The full-text index's queue (migration 014, db/search-index.ts), SQLite only: a stored message is
 * queued and indexed in bulk; a search never misses it, and FTS5's own integrity check holds through
 * deletes and edits of queued and of indexed messages. PostgreSQL: search-index.pg.test.ts.
 */
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import type { Ack } from '../../protocol/ack.ts';
import type { MessageDTO } from '../../protocol/dto.ts';
import { indexPendingMessages } from '../../server/db/search-index.ts';
import { activeChat, expectOk, startHarness, type Harness } from './helpers.ts';

let h: Harness;
afterEach(async () => {
  await h?.close();
});

async function queued(): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*) as n from messages_fts_pending`.execute(h.app.db);
  return Number(rows[0]!.n);
}

/** FTS5 compares the index with the messages table; it throws on any difference, so only with the queue empty. */
async function checkIndex(): Promise<void> {
  await sql`insert into messages_fts (messages_fts, rank) values ('integrity-check', 1)`.execute(h.app.db);
}

async function chatWithMessages(bodies: string[]) {
  const { client: agent } = await h.onlineAgent('Ada');
  const { visitor, conversationId } = await activeChat(h, agent);
  let sent = 0;
  const send = async (more: string[]) => {
    for (const body of more) expectOk((await visitor.raw('message:send', { conversationId, clientId: `c${sent++}`, body })) as Ack<MessageDTO>);
  };
  await send(bodies);
  return { agent, conversationId, send };
}

describe('the search index queue (SQLite)', () => {
  it('queues stored messages, and a search finds one stored a moment ago', async () => {
    h = await startHarness();
    const { agent } = await chatWithMessages(['the parcel went to Oslo', 'and the invoice too']);
    expect(await queued()).toBeGreaterThanOrEqual(2);
    const page = expectOk(await agent.call('search:messages', { query: 'invoi' }));
    expect(page.items.map((i) => i.snippet.text)).toEqual(['and the invoice too']);
    expect(await queued()).toBe(0);
    await checkIndex();
  });

  it('the sweep empties the queue in chunks, in one pass however long it is', async () => {
    h = await startHarness({ LIMIT_MESSAGE_BURST: '10000', LIMIT_MESSAGES_PER_VISITOR: '10000', LIMIT_MESSAGES_PER_CONVERSATION: '10000' });
    await chatWithMessages(Array.from({ length: 1200 }, (_, i) => `bulk message ${i}`));
    expect(await queued()).toBeGreaterThanOrEqual(1200);
    await h.app.sweep();
    expect(await queued()).toBe(0);
    const { rows } = await sql<{ n: number }>`select count(*) as n from messages_fts where messages_fts match 'bulk'`.execute(h.app.db);
    expect(Number(rows[0]!.n)).toBe(1200);
    await checkIndex();
  });

  it('keeps the index whole when queued and indexed messages are deleted or edited', async () => {
    h = await startHarness();
    const { agent, send } = await chatWithMessages(['first indexed words', 'second indexed words']);
    await indexPendingMessages(h.app.db);
    await send(['third queued words', 'fourth queued words']);
    expect(await queued()).toBeGreaterThan(0);
    // an indexed and a queued message deleted; an indexed and a queued one edited
    await sql`delete from messages where body = 'first indexed words'`.execute(h.app.db);
    await sql`delete from messages where body = 'third queued words'`.execute(h.app.db);
    await sql`update messages set body = 'second edited words' where body = 'second indexed words'`.execute(h.app.db);
    await sql`update messages set body = 'fourth changed words' where body = 'fourth queued words'`.execute(h.app.db);
    await indexPendingMessages(h.app.db);
    await checkIndex();
    const found = async (query: string) => expectOk(await agent.call('search:messages', { query })).items.length;
    expect(await found('first')).toBe(0);
    expect(await found('third')).toBe(0);
    expect(await found('indexed')).toBe(0);
    expect(await found('edited')).toBe(1);
    expect(await found('changed')).toBe(1);
    expect(await found('queued')).toBe(0);
  });
});
