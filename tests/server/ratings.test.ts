import { afterEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { purgeOldChats } from '../../server/services/retention.ts';
import { activeChat, expectOk, startChat, startHarness, type Harness } from './helpers.ts';

let h: Harness;
afterEach(async () => {
  await h?.close();
});

describe('ratings', () => {
  it('lets the visitor rate an ended chat once; the agent is told at once and sees it in the conversation and the history', async () => {
    h = await startHarness();
    const { client } = await h.onlineAgent('Ada');
    const { visitor, conversationId } = await activeChat(h, client);
    expectOk(await client.call('conversation:end', { conversationId }));

    const rated = expectOk(await visitor.call('chat:rate', { conversationId, score: 4, comment: 'Quick and kind' }));
    expect(rated).toMatchObject({ id: conversationId, status: 'ended', rated: true });
    const told = await client.waitFor('conversation:rated');
    expect(told).toEqual({ conversationId, rating: { score: 4, comment: 'Quick and kind', createdAt: h.clock.now() } });

    const transcript = expectOk(await client.call('conversation:open', { conversationId }));
    expect(transcript.conversation.rating).toEqual(told.rating);
    const list = expectOk(await client.call('conversation:list', { filter: 'all' }));
    expect(list.items.find((c) => c.id === conversationId)?.rating).toEqual(told.rating);
    const history = expectOk(await client.call('visitor:history', { visitorId: transcript.conversation.visitor.id }));
    expect(history.activities.find((a) => a.type === 'chat_ended')?.rating).toEqual({ score: 4 });

    expect(await visitor.call('chat:rate', { conversationId, score: 1 })).toEqual({ ok: false, error: 'conflict' });
    const stored = await h.app.db.selectFrom('ratings').selectAll().execute();
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ score: 4 });
  });

  it('keeps one rating when two tabs rate at the same moment', async () => {
    h = await startHarness();
    const { client } = await h.onlineAgent();
    const { visitor, conversationId } = await activeChat(h, client);
    expectOk(await visitor.call('conversation:end', { conversationId }));
    const secondTab = await h.connectVisitor(visitor.token);
    const acks = await Promise.all([
      visitor.call('chat:rate', { conversationId, score: 5 }),
      secondTab.call('chat:rate', { conversationId, score: 2 }),
    ]);
    expect(acks.filter((a) => a.ok)).toHaveLength(1);
    expect(acks.filter((a) => !a.ok)).toEqual([{ ok: false, error: 'conflict' }]);
  });

  it('refuses a rating before the chat ended, of a missed chat, of another visitor’s chat, and out of range', async () => {
    h = await startHarness();
    const { client } = await h.onlineAgent();
    const { visitor, conversationId } = await activeChat(h, client);
    expect(await visitor.call('chat:rate', { conversationId, score: 5 })).toEqual({ ok: false, error: 'conflict' });
    const stranger = await h.connectVisitor();
    expect(await stranger.call('chat:rate', { conversationId, score: 5 })).toEqual({ ok: false, error: 'not_found' });
    expect(await visitor.call('chat:rate', { conversationId, score: 6 })).toEqual({ ok: false, error: 'invalid_payload' });
    expect(await visitor.call('chat:rate', { conversationId, score: 3, comment: 'x'.repeat(1001) })).toEqual({ ok: false, error: 'invalid_payload' });

    // a chat nobody took has no agent to rate
    const missed = await startChat(h, 'Mo Missed');
    await h.app.db
      .updateTable('conversations')
      .set({ status: 'missed', agent_id: null, ended_at: h.clock.now(), ended_by: 'system' })
      .where('id', '=', missed.conversationId)
      .execute();
    expect(await missed.visitor.call('chat:rate', { conversationId: missed.conversationId, score: 1 })).toEqual({ ok: false, error: 'forbidden' });
  });

  it('goes with its chat when the chat is past retention, with the chat’s tags and its full-text entries', async () => {
    h = await startHarness();
    const { client } = await h.onlineAgent();
    const { visitor, conversationId } = await activeChat(h, client);
    expectOk(await visitor.call('message:send', { conversationId, clientId: 'v1', body: 'Zanzibar shipping question' }));
    const tagId = 'tag-1';
    await h.app.db.insertInto('tags').values({ id: tagId, name: 'Old', name_key: 'old', created_at: h.clock.now() }).execute();
    expectOk(await client.call('conversation:tag', { conversationId, tagId }));
    expectOk(await client.call('conversation:end', { conversationId }));
    expectOk(await visitor.call('chat:rate', { conversationId, score: 3 }));
    expect(expectOk(await client.call('search:messages', { query: 'zanzibar' })).items).toHaveLength(1);

    h.clock.advance(400 * 24 * 60 * 60_000);
    expect(await purgeOldChats(h.app.db, h.clock.now(), 365)).toBe(1);
    expect(await h.app.db.selectFrom('ratings').selectAll().execute()).toEqual([]);
    expect(await h.app.db.selectFrom('conversation_tags').selectAll().execute()).toEqual([]);
    expect(await h.app.db.selectFrom('messages').select('id').where('conversation_id', '=', conversationId).execute()).toEqual([]);
    if (!process.env.TEST_DATABASE_URL) {
      // SQLite's full-text table is kept by triggers; PostgreSQL's index is on messages itself
      const indexed = await sql<{ n: number }>`select count(*) as n from messages_fts where messages_fts match 'zanzibar'`.execute(h.app.db);
      expect(Number(indexed.rows[0]!.n)).toBe(0);
    }
  });
});
