import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { sql, type Kysely } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { liveChatFacts } from '../../server/db/chat-facts.ts';
import { up as addChatFacts } from '../../server/db/migrations/013_chat_facts.ts';
import { buildReport } from '../../server/services/reports.ts';
import { purgeOldChats } from '../../server/services/retention.ts';
import { activeChat, expectOk, startChat, startHarness, type AgentClient, type Harness } from './helpers.ts';

let h: Harness;
afterEach(async () => {
  await h?.close();
});

const ADMIN = { role: 'admin' as const };

/** The stored facts of a chat and what the lookups compute from its rows now; numbers as numbers on both databases. */
async function factsOf(conversationId: string) {
  const stored = await h.app.db
    .selectFrom('chat_facts as c')
    .select(['c.created_at', 'c.status', 'c.accepted_at', 'c.accepted_by', 'c.replied_at', 'c.ended_at'])
    .where('c.conversation_id', '=', conversationId)
    .execute();
  const live = await liveChatFacts(h.app.db).where('c.id', '=', conversationId).executeTakeFirstOrThrow();
  const numbers = (row: typeof live) => ({
    ...row,
    created_at: Number(row.created_at),
    accepted_at: row.accepted_at === null ? null : Number(row.accepted_at),
    replied_at: row.replied_at === null ? null : Number(row.replied_at),
    ended_at: row.ended_at === null ? null : Number(row.ended_at),
  });
  return { stored: stored.map(numbers), live: numbers(live) };
}

/** A chat accepted `acceptAfter` ms after its request, replied to `replyAfter` ms after the accept (a note before it). */
async function acceptedAndReplied(client: AgentClient, acceptAfter: number, replyAfter: number) {
  const chat = await startChat(h);
  const requestedAt = h.clock.now();
  const offer = await client.waitFor('offer:created', (o) => o.conversationId === chat.conversationId);
  h.clock.advance(acceptAfter);
  expectOk(await client.call('offer:accept', { offerId: offer.id }));
  const acceptedAt = h.clock.now();
  h.clock.advance(replyAfter / 2);
  expectOk(await client.call('note:add', { conversationId: chat.conversationId, clientId: `n-${chat.conversationId}`, body: 'a note is no reply' }));
  h.clock.advance(replyAfter / 2);
  expectOk(await client.call('message:send', { conversationId: chat.conversationId, clientId: `r-${chat.conversationId}`, body: 'Hello' }));
  return { ...chat, requestedAt, acceptedAt, repliedAt: h.clock.now() };
}

describe('chat facts', () => {
  it('every path that ends or misses a chat leaves a fact row equal to the lookups over its rows', async () => {
    h = await startHarness();
    const { agent, client } = await h.onlineAgent('Agnes');
    const expectFacts = async (conversationId: string, expected: Record<string, unknown>) => {
      const { stored, live } = await factsOf(conversationId);
      expect(stored).toEqual([live]);
      expect(live).toMatchObject(expected);
    };

    // the agent ends an answered chat
    const byAgent = await acceptedAndReplied(client, 5_000, 10_000);
    h.clock.advance(60_000);
    expectOk(await client.call('conversation:end', { conversationId: byAgent.conversationId }));
    await expectFacts(byAgent.conversationId, {
      status: 'ended',
      created_at: byAgent.requestedAt,
      accepted_at: byAgent.acceptedAt,
      accepted_by: agent.id,
      replied_at: byAgent.repliedAt,
      ended_at: h.clock.now(),
    });

    // the visitor ends an answered chat
    const byVisitor = await acceptedAndReplied(client, 2_000, 4_000);
    expectOk(await byVisitor.visitor.call('conversation:end', { conversationId: byVisitor.conversationId }));
    await expectFacts(byVisitor.conversationId, { status: 'ended', accepted_by: agent.id, replied_at: byVisitor.repliedAt });

    // the visitor leaves while the offer is pending
    const leaving = await startChat(h);
    await client.waitFor('offer:created', (o) => o.conversationId === leaving.conversationId);
    expectOk(await leaving.visitor.call('conversation:end', { conversationId: leaving.conversationId }));
    await expectFacts(leaving.conversationId, { status: 'ended', accepted_at: null, accepted_by: null, replied_at: null });

    // the idle timeout ends an answered chat
    const idle = await acceptedAndReplied(client, 1_000, 2_000);
    h.clock.advance(h.config.idleTimeoutMs);
    await h.app.sweep();
    await client.waitFor('conversation:ended', (c) => c.id === idle.conversationId);
    await expectFacts(idle.conversationId, { status: 'ended', accepted_by: agent.id, replied_at: idle.repliedAt, ended_at: h.clock.now() });

    // missed: the only agent declines
    const declined = await startChat(h);
    const offer = await client.waitFor('offer:created', (o) => o.conversationId === declined.conversationId);
    expectOk(await client.call('offer:decline', { offerId: offer.id }));
    await expectFacts(declined.conversationId, { status: 'missed', accepted_at: null, accepted_by: null });

    // missed: the only agent lets the offer run out
    const ignored = await startChat(h);
    await client.waitFor('offer:created', (o) => o.conversationId === ignored.conversationId);
    h.clock.advance(h.config.offerTimeoutMs);
    await h.app.sweep();
    await expectFacts(ignored.conversationId, { status: 'missed', accepted_at: null, ended_at: h.clock.now() });
  });

  it('a chat reaches a final status only through closeConversation, which writes its facts: no other statement of the server sets one', async () => {
    const root = join(import.meta.dirname, '../../server');
    const files = (await readdir(root, { recursive: true })).filter((f) => f.endsWith('.ts') && !f.includes('node_modules'));
    const setsFinal: string[] = [];
    for (const file of files) {
      const text = await readFile(join(root, file), 'utf8');
      // each update of conversations, up to the end of its statement
      for (const [statement] of text.matchAll(/updateTable\('conversations'\)[^;]*/g)) {
        if (/status:\s*'(ended|missed)'/.test(statement)) setsFinal.push(file);
      }
    }
    expect(files.length).toBeGreaterThan(50);
    expect(setsFinal).toEqual([]);
  });

  it('a report over final and still open chats counts each once, from the facts of the final ones and the rows of the open ones', async () => {
    h = await startHarness();
    const { client } = await h.onlineAgent('Agnes');
    const report = () => buildReport(h.app.db, ADMIN, { from: '2023-11-14', to: '2023-11-15', timeZone: 'UTC' });

    const ended = await acceptedAndReplied(client, 5_000, 10_000);
    h.clock.advance(60_000);
    expectOk(await client.call('conversation:end', { conversationId: ended.conversationId }));
    // still active: accepted after 20 s, replied 30 s later
    const open = await acceptedAndReplied(client, 20_000, 30_000);
    const missed = await startChat(h);
    const offer = await client.waitFor('offer:created', (o) => o.conversationId === missed.conversationId);
    expectOk(await client.call('offer:decline', { offerId: offer.id }));
    // still waiting for its offer
    const waiting = await startChat(h);
    await client.waitFor('offer:created', (o) => o.conversationId === waiting.conversationId);

    const before = await report();
    expect(before.totals).toMatchObject({ requested: 4, missed: 1 });
    expect(before.totals.timeToAccept).toEqual({ n: 2, p50: 5_000, p90: 20_000 });
    expect(before.totals.timeToFirstReply).toEqual({ n: 2, p50: 10_000, p90: 30_000 });
    expect(before.totals.chatLength).toEqual({ n: 1, p50: 70_000, p90: 70_000 });

    // the open chat ends 90 s after its accept: it moves from the live rows to the facts, counted once
    h.clock.advance(60_000);
    expectOk(await client.call('conversation:end', { conversationId: open.conversationId }));
    const after = await report();
    expect(after.totals).toMatchObject({ requested: 4, missed: 1 });
    expect(after.totals.timeToAccept).toEqual({ n: 2, p50: 5_000, p90: 20_000 });
    expect(after.totals.chatLength).toEqual({ n: 2, p50: 70_000, p90: 90_000 });
    expect(after.days[0]!.chatLength).toEqual({ n: 2, p50: 70_000, p90: 90_000 });
    expect(after.agents[0]!.chatLength).toEqual({ n: 2, p50: 70_000, p90: 90_000 });
  });

  it('the migration writes the facts of the chats that ended or were missed before it, and none for open ones', async () => {
    h = await startHarness();
    const { agent, client } = await h.onlineAgent('Agnes');
    const ended = await acceptedAndReplied(client, 5_000, 10_000);
    expectOk(await client.call('conversation:end', { conversationId: ended.conversationId }));
    const missed = await startChat(h);
    const offer = await client.waitFor('offer:created', (o) => o.conversationId === missed.conversationId);
    expectOk(await client.call('offer:decline', { offerId: offer.id }));
    const { conversationId: openId } = await activeChat(h, client);

    // the database as it was before migration 013
    const db = h.app.db;
    await sql`drop table chat_facts`.execute(db);
    await sql`drop index conversations_open_created`.execute(db);
    // a migration sees the database untyped
    await addChatFacts(db as unknown as Kysely<unknown>);

    const endedFacts = await factsOf(ended.conversationId);
    expect(endedFacts.stored).toEqual([endedFacts.live]);
    expect(endedFacts.live).toMatchObject({ status: 'ended', accepted_at: ended.acceptedAt, accepted_by: agent.id, replied_at: ended.repliedAt });
    const missedFacts = await factsOf(missed.conversationId);
    expect(missedFacts.stored).toEqual([missedFacts.live]);
    expect(missedFacts.live).toMatchObject({ status: 'missed', accepted_at: null });
    expect((await factsOf(openId)).stored).toEqual([]);
  });

  it('retention deletes the facts with their chat', async () => {
    h = await startHarness();
    const { client } = await h.onlineAgent();
    const { conversationId } = await activeChat(h, client);
    expectOk(await client.call('conversation:end', { conversationId }));
    expect((await factsOf(conversationId)).stored).toHaveLength(1);

    h.clock.advance(400 * 24 * 60 * 60_000);
    expect(await purgeOldChats(h.app.db, h.clock.now(), 365)).toBe(1);
    expect(await h.app.db.selectFrom('chat_facts').selectAll().execute()).toEqual([]);
  });
});
