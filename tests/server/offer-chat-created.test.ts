import { sql, type Kysely } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { up as addOfferChatCreated } from '../../server/db/migrations/015_offer_chat_created.ts';
import { activeChat, expectOk, startChat, startHarness, type AgentClient, type Harness } from './helpers.ts';

let h: Harness;
afterEach(async () => {
  await h?.close();
});

/** The chat's request time and each of its offers' own time and stored request time, oldest offer first; numbers on both databases. */
async function offersOf(conversationId: string) {
  const chat = await h.app.db.selectFrom('conversations').select('created_at').where('id', '=', conversationId).executeTakeFirstOrThrow();
  const offers = await h.app.db
    .selectFrom('offers')
    .select(['agent_id', 'status', 'created_at', 'chat_created_at'])
    .where('conversation_id', '=', conversationId)
    .orderBy('created_at')
    .execute();
  return {
    requestedAt: Number(chat.created_at),
    offers: offers.map((o) => ({ ...o, created_at: Number(o.created_at), chat_created_at: Number(o.chat_created_at) })),
  };
}

async function pendingOfferOf(conversationId: string) {
  return h.app.db.selectFrom('offers').select(['id', 'agent_id']).where('conversation_id', '=', conversationId).where('status', '=', 'pending').executeTakeFirstOrThrow();
}

describe("an offer's chat request time", () => {
  it('a routed offer made after the chat waited in the queue stores the request time, not its own', async () => {
    h = await startHarness({ MAX_CHATS_PER_AGENT: '1' });
    const { client } = await h.onlineAgent('Agnes');
    const held = await activeChat(h, client);
    // Agnes is full: the chat waits its turn
    const { conversationId } = await startChat(h);
    h.clock.advance(30_000);
    expectOk(await client.call('conversation:end', { conversationId: held.conversationId }));
    await h.app.sweep();
    await client.waitFor('offer:created', (o) => o.conversationId === conversationId);

    const { requestedAt, offers } = await offersOf(conversationId);
    expect(offers).toEqual([expect.objectContaining({ status: 'pending', created_at: requestedAt + 30_000, chat_created_at: requestedAt })]);
  });

  it('the offers made again after a decline and after a timeout store the request time', async () => {
    h = await startHarness({ OFFER_TIMEOUT_MS: '45000' });
    const clients = new Map<string, AgentClient>();
    for (const name of ['Ann', 'Bob', 'Cy']) {
      const { agent, client } = await h.onlineAgent(name);
      clients.set(agent.id, client);
    }
    const { conversationId } = await startChat(h);
    const first = await pendingOfferOf(conversationId);
    h.clock.advance(10_000);
    expectOk(await clients.get(first.agent_id)!.call('offer:decline', { offerId: first.id }));
    const second = await pendingOfferOf(conversationId);
    h.clock.advance(45_000);
    await h.app.sweep();
    await pendingOfferOf(conversationId);

    const { requestedAt, offers } = await offersOf(conversationId);
    expect(offers.map((o) => [o.status, o.created_at - requestedAt])).toEqual([
      ['declined', 0],
      ['expired', 10_000],
      ['pending', 55_000],
    ]);
    expect(offers.map((o) => o.chat_created_at)).toEqual([requestedAt, requestedAt, requestedAt]);
    expect(new Set(offers.map((o) => o.agent_id)).size).toBe(3);
    expect(second.agent_id).not.toBe(first.agent_id);
  });

  it('a transfer offer stores the request time of the chat it hands over', async () => {
    h = await startHarness();
    const ada = await h.onlineAgent('Ada');
    const chat = await activeChat(h, ada.client);
    const bea = await h.onlineAgent('Bea');
    h.clock.advance(120_000);
    expectOk(await ada.client.call('chat:transfer', { conversationId: chat.conversationId, to: { agentId: bea.agent.id } }));
    await bea.client.waitFor('offer:created');

    const { requestedAt, offers } = await offersOf(chat.conversationId);
    expect(offers).toEqual([
      expect.objectContaining({ agent_id: ada.agent.id, status: 'accepted', created_at: requestedAt, chat_created_at: requestedAt }),
      expect.objectContaining({ agent_id: bea.agent.id, status: 'pending', created_at: requestedAt + 120_000, chat_created_at: requestedAt }),
    ]);
  });

  it('the migration gives the offers made before it their chat’s request time', async () => {
    h = await startHarness();
    const { client } = await h.onlineAgent('Agnes');
    const early = await activeChat(h, client);
    h.clock.advance(3_600_000);
    const late = await startChat(h);
    await client.waitFor('offer:created', (o) => o.conversationId === late.conversationId);

    // the offers table as it was before migration 015
    const db = h.app.db;
    await sql`drop index offers_chat_created`.execute(db);
    await sql`alter table offers drop column chat_created_at`.execute(db);
    // a migration sees the database untyped
    await addOfferChatCreated(db as unknown as Kysely<unknown>);

    for (const { conversationId } of [early, late]) {
      const { requestedAt, offers } = await offersOf(conversationId);
      expect(offers.map((o) => o.chat_created_at)).toEqual([requestedAt]);
    }
    expect((await offersOf(late.conversationId)).requestedAt - (await offersOf(early.conversationId)).requestedAt).toBe(3_600_000);
  });
});
