import { afterEach, describe, expect, it } from 'vitest';
import type { Ack } from '../../protocol/ack.ts';
import type { MessageDTO } from '../../protocol/dto.ts';
import { searchTerms } from '../../protocol/toolkit.ts';
import { snippetOf } from '../../server/services/search.ts';
import { createAgent } from '../../server/services/agents.ts';
import { startAgentSession } from '../../server/services/agent-sessions.ts';
import { activeChat, expectOk, PASSWORD, startHarness, type AgentClient, type Harness, type VisitorClient } from './helpers.ts';

let h: Harness;
afterEach(async () => {
  await h?.close();
});

/** A message a second after the previous one, from the agent or the visitor (message:send is the same on both). */
async function say(who: AgentClient | VisitorClient, conversationId: string, clientId: string, body: string): Promise<MessageDTO> {
  h.clock.advance(1000);
  return expectOk((await who.raw('message:send', { conversationId, clientId, body })) as Ack<MessageDTO>);
}

describe('search terms and snippets', () => {
  it('splits a query into lower-cased words of letters and digits, without repeats', () => {
    expect(searchTerms('  Invoice #4711, "refund" invoice  ')).toEqual(['invoice', '4711', 'refund']);
    expect(searchTerms('*** ())')).toEqual([]);
    expect(searchTerms('Überweisung straße')).toEqual(['überweisung', 'straße']);
  });

  it('marks every word starting with a term by offsets into the plain-text snippet', () => {
    const snippet = snippetOf('My <b>invoice</b> and the Invoices: reinvoice', ['invoice']);
    expect(snippet).toEqual({
      text: 'My <b>invoice</b> and the Invoices: reinvoice',
      highlights: [
        { start: 6, end: 13 },
        { start: 26, end: 34 },
      ],
      cutStart: false,
      cutEnd: false,
    });
    expect(snippet.text.slice(26, 34)).toBe('Invoices');
  });

  it('cuts a long message around the first match', () => {
    const body = `${'lorem ipsum '.repeat(30)}the refund arrived ${'dolor sit '.repeat(30)}`;
    const snippet = snippetOf(body, ['refund']);
    expect(snippet.cutStart).toBe(true);
    expect(snippet.cutEnd).toBe(true);
    expect(snippet.text.length).toBeLessThanOrEqual(181);
    const [hit] = snippet.highlights;
    expect(snippet.text.slice(hit!.start, hit!.end)).toBe('refund');
  });
});

describe('search', () => {
  it('finds a past chat by a word from its middle, with the seq to open it at and the match highlighted', async () => {
    h = await startHarness();
    const { client } = await h.onlineAgent('Ada');
    const { visitor, conversationId } = await activeChat(h, client, 'Pia Past');
    await say(visitor, conversationId, 'v1', 'Hello, I have a question');
    const middle = await say(visitor, conversationId, 'v2', 'My parcel with the Kaleidoscope lamp never arrived');
    await say(client, conversationId, 'a1', 'Let me check that for you');
    expectOk(await client.call('conversation:end', { conversationId }));

    const page = expectOk(await client.call('search:messages', { query: 'kaleido' }));
    expect(page.nextCursor).toBeNull();
    expect(page.items).toHaveLength(1);
    const [hit] = page.items;
    expect(hit).toMatchObject({ messageId: middle.id, seq: middle.seq, author: 'visitor', note: false, conversation: { id: conversationId, status: 'ended' } });
    expect(hit!.snippet.text.slice(hit!.snippet.highlights[0]!.start, hit!.snippet.highlights[0]!.end)).toBe('Kaleidoscope');
    // every word must match; the service's own lines ("Ada joined the chat") are not searched
    expect(expectOk(await client.call('search:messages', { query: 'parcel lamp' })).items.map((i) => i.messageId)).toEqual([middle.id]);
    expect(expectOk(await client.call('search:messages', { query: 'parcel banana' })).items).toEqual([]);
    expect(expectOk(await client.call('search:messages', { query: 'joined' })).items).toEqual([]);
    expect(await client.call('search:messages', { query: '!!!' })).toEqual({ ok: false, error: 'invalid_payload' });
  });

  it('obeys R8: another agent’s open chat is never found, a past one is; the caller’s own open chat is', async () => {
    h = await startHarness();
    const ada = await h.onlineAgent('Ada');
    const { visitor, conversationId } = await activeChat(h, ada.client);
    await say(visitor, conversationId, 'v1', 'Please send the pineapple catalogue');
    const bo = await h.onlineAgent('Bo');

    expect(expectOk(await bo.client.call('search:messages', { query: 'pineapple' })).items).toEqual([]);
    expect(expectOk(await ada.client.call('search:messages', { query: 'pineapple' })).items).toHaveLength(1);
    expectOk(await ada.client.call('conversation:end', { conversationId }));
    expect(expectOk(await bo.client.call('search:messages', { query: 'pineapple' })).items.map((i) => i.conversation.id)).toEqual([conversationId]);
  });

  it('finds internal notes for agents, marked as notes', async () => {
    h = await startHarness();
    const { client } = await h.onlineAgent('Ada');
    const { conversationId } = await activeChat(h, client);
    h.clock.advance(1000);
    const note = expectOk(await client.call('note:add', { conversationId, clientId: 'n1', body: 'Escalate to the warranty team' }));
    const [hit] = expectOk(await client.call('search:messages', { query: 'warranty' })).items;
    expect(hit).toMatchObject({ messageId: note.id, note: true, seq: note.seq });
  });

  it('pages newest first and filters by tag', async () => {
    h = await startHarness();
    const { agent } = await createAgent(
      h.app.db,
      h.clock,
      { email: 'boss@example.test', name: 'Boss', role: 'admin', password: PASSWORD, available: false },
      h.config.passwordHashCost,
    );
    const admin = await h.connectAgent((await startAgentSession(h.app.db, h.clock, agent.id, h.config.accessTokenTtlMs)).accessToken);
    const vip = expectOk(await admin.call('tags:create', { name: 'VIP' }));
    const { client } = await h.onlineAgent('Ada');
    const { visitor, conversationId } = await activeChat(h, client);
    const older = await say(visitor, conversationId, 'v1', 'The voucher code fails');
    const newer = await say(client, conversationId, 'a1', 'Try this voucher instead');
    const other = await activeChat(h, client, 'Olga Other');
    const third = await say(other.visitor, other.conversationId, 'v1', 'Where is my voucher?');
    expectOk(await client.call('conversation:tag', { conversationId, tagId: vip.id }));

    const first = expectOk(await client.call('search:messages', { query: 'voucher', limit: 2 }));
    expect(first.items.map((i) => i.messageId)).toEqual([third.id, newer.id]);
    const second = expectOk(await client.call('search:messages', { query: 'voucher', limit: 2, cursor: first.nextCursor! }));
    expect(second.items.map((i) => i.messageId)).toEqual([older.id]);
    expect(second.nextCursor).toBeNull();
    const tagged = expectOk(await client.call('search:messages', { query: 'voucher', tagId: vip.id }));
    expect(tagged.items.map((i) => i.messageId)).toEqual([newer.id, older.id]);
  });
});
