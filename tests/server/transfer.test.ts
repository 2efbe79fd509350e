import { afterEach, describe, expect, it } from 'vitest';
import { saveTeam } from '../../server/db/routing-config.ts';
import { activeChat, expectOk, startHarness, type AgentClient, type Harness } from './helpers.ts';

let h: Harness;
afterEach(async () => {
  await h?.close();
});

async function loadOf(agentId: string): Promise<{ active_chats: number; pending_offers: number }> {
  return h.app.db.selectFrom('users').select(['active_chats', 'pending_offers']).where('id', '=', agentId).executeTakeFirstOrThrow();
}

async function ownerOf(conversationId: string): Promise<{ status: string; agent_id: string | null }> {
  return h.app.db.selectFrom('conversations').select(['status', 'agent_id']).where('id', '=', conversationId).executeTakeFirstOrThrow();
}

/** A holds an active chat; then `others` come online (after the chat was routed, so it went to A). */
async function chatHeldByA(...others: string[]) {
  const a = await h.onlineAgent('Ada');
  const chat = await activeChat(h, a.client);
  const rest = [];
  for (const name of others) rest.push(await h.onlineAgent(name));
  return { a, chat, others: rest };
}

function sendAs(client: AgentClient, conversationId: string, body: string) {
  return client.call('message:send', { conversationId, clientId: `c-${Math.random().toString(36).slice(2)}`, body });
}

describe('chat transfer', () => {
  it('accept: the chat becomes the receiver’s at once, the sender’s slot frees, the visitor is told whom they chat with now', async () => {
    h = await startHarness();
    const { a, chat, others } = await chatHeldByA('Bea');
    const b = others[0]!;

    const transfer = expectOk(await a.client.call('chat:transfer', { conversationId: chat.conversationId, to: { agentId: b.agent.id }, note: '  Wants a refund  ' }));
    expect(transfer).toMatchObject({ status: 'pending', fromAgentName: 'Ada', note: 'Wants a refund', to: { kind: 'agent', agentId: b.agent.id, name: 'Bea' } });
    const offer = await b.client.waitFor('offer:created');
    expect(offer.transfer).toEqual({ transferId: transfer.id, fromAgentId: a.agent.id, fromAgentName: 'Ada', note: 'Wants a refund', teamName: null });
    expect(offer.conversationId).toBe(chat.conversationId);
    // the sender still holds the chat and can write in it
    expect(await ownerOf(chat.conversationId)).toEqual({ status: 'active', agent_id: a.agent.id });
    expectOk(await sendAs(a.client, chat.conversationId, 'One moment, please'));

    const accepted = expectOk(await b.client.call('offer:accept', { offerId: offer.id }));
    expect(accepted).toMatchObject({ id: chat.conversationId, status: 'active', agentId: b.agent.id, agentName: 'Bea' });
    expect(await b.client.waitFor('conversation:assigned')).toMatchObject({ id: chat.conversationId, agentId: b.agent.id });
    const ended = await a.client.waitFor('transfer:ended');
    expect(ended.transfer).toMatchObject({ id: transfer.id, status: 'accepted', endedByName: 'Bea' });
    expect(ended.conversation).toMatchObject({ id: chat.conversationId, agentId: b.agent.id });
    expect(await chat.visitor.waitFor('conversation:updated', (c) => c.agentName === 'Bea')).toMatchObject({ status: 'active' });
    const notice = await chat.visitor.waitFor('message:created', (m) => m.notice?.kind === 'agent_transferred');
    expect(notice).toMatchObject({ author: 'system', body: 'You are now chatting with Bea', notice: { kind: 'agent_transferred', name: 'Bea' } });

    expect(await ownerOf(chat.conversationId)).toEqual({ status: 'active', agent_id: b.agent.id });
    expect(await loadOf(a.agent.id)).toEqual({ active_chats: 0, pending_offers: 0 });
    expect(await loadOf(b.agent.id)).toEqual({ active_chats: 1, pending_offers: 0 });
    // the sender's list no longer holds it, and they may no longer write in it
    const list = expectOk(await a.client.call('conversation:list', { filter: 'active' }));
    expect(list.items.map((c) => c.id)).not.toContain(chat.conversationId);
    expect(await sendAs(a.client, chat.conversationId, 'still here?')).toEqual({ ok: false, error: 'forbidden' });
    expectOk(await sendAs(b.client, chat.conversationId, 'Hi, Bea here'));
  });

  it('decline: the chat stays the sender’s, who is told who declined', async () => {
    h = await startHarness();
    const { a, chat, others } = await chatHeldByA('Bea');
    const b = others[0]!;
    expectOk(await a.client.call('chat:transfer', { conversationId: chat.conversationId, to: { agentId: b.agent.id } }));
    const offer = await b.client.waitFor('offer:created');
    expectOk(await b.client.call('offer:decline', { offerId: offer.id }));

    const ended = await a.client.waitFor('transfer:ended');
    expect(ended.transfer).toMatchObject({ status: 'declined', endedByName: 'Bea' });
    expect(ended.conversation).toMatchObject({ status: 'active', agentId: a.agent.id });
    expect(await ownerOf(chat.conversationId)).toEqual({ status: 'active', agent_id: a.agent.id });
    expect(await loadOf(a.agent.id)).toEqual({ active_chats: 1, pending_offers: 0 });
    expect(await loadOf(b.agent.id)).toEqual({ active_chats: 0, pending_offers: 0 });
    // a new transfer may start now
    expectOk(await a.client.call('chat:transfer', { conversationId: chat.conversationId, to: { agentId: b.agent.id } }));
  });

  it('timeout: after the offer timeout the sweep hands the chat back to the sender (nobody accepted), never to routing', async () => {
    h = await startHarness({ OFFER_TIMEOUT_MS: '45000' });
    const { a, chat, others } = await chatHeldByA('Bea');
    const b = others[0]!;
    expectOk(await a.client.call('chat:transfer', { conversationId: chat.conversationId, to: { agentId: b.agent.id } }));
    const offer = await b.client.waitFor('offer:created');

    h.clock.advance(44_999);
    await h.app.sweep();
    expect(await ownerOf(chat.conversationId)).toEqual({ status: 'active', agent_id: a.agent.id });
    h.clock.advance(1);
    await h.app.sweep();
    expect(await b.client.waitFor('offer:ended')).toEqual({ offerId: offer.id, conversationId: chat.conversationId, reason: 'expired' });
    const ended = await a.client.waitFor('transfer:ended');
    expect(ended.transfer).toMatchObject({ status: 'expired', endedByName: null });
    expect(await ownerOf(chat.conversationId)).toEqual({ status: 'active', agent_id: a.agent.id });
    expect(await b.client.call('offer:accept', { offerId: offer.id })).toEqual({ ok: false, error: 'offer_expired' });
    expect(await loadOf(b.agent.id)).toEqual({ active_chats: 0, pending_offers: 0 });
  });

  it('team: routed inside the team (not the sender, full members skipped); each decline goes to the next, then back to the sender', async () => {
    h = await startHarness({ MAX_CHATS_PER_AGENT: '1' });
    const { a, chat, others } = await chatHeldByA('Bea', 'Cid');
    const [b, c] = others as [NonNullable<(typeof others)[0]>, NonNullable<(typeof others)[0]>];
    const full = await h.onlineAgent('Dot');
    // Dot takes a chat of her own (the only one with room besides Bea and Cid: they turn unavailable meanwhile)
    expectOk(await b.client.call('availability:set', { available: false }));
    expectOk(await c.client.call('availability:set', { available: false }));
    await activeChat(h, full.client);
    expectOk(await b.client.call('availability:set', { available: true }));
    expectOk(await c.client.call('availability:set', { available: true }));
    const team = await saveTeam(h.app.db, { name: 'Billing', agentIds: [a.agent.id, b.agent.id, c.agent.id, full.agent.id] }, h.clock.now());

    const transfer = expectOk(await a.client.call('chat:transfer', { conversationId: chat.conversationId, to: { teamId: team.id }, note: 'invoice' }));
    expect(transfer.to).toEqual({ kind: 'team', teamId: team.id, name: 'Billing' });
    await b.client.flush();
    await c.client.flush();
    const firstAgent = b.client.received('offer:created').length > 0 ? b : c;
    const secondAgent = firstAgent === b ? c : b;
    const firstOffer = await firstAgent.client.waitFor('offer:created');
    expect(secondAgent.client.received('offer:created')).toHaveLength(0);
    expect(firstOffer.transfer).toMatchObject({ teamName: 'Billing', note: 'invoice', fromAgentName: 'Ada' });
    expectOk(await firstAgent.client.call('offer:decline', { offerId: firstOffer.id }));

    const secondOffer = await secondAgent.client.waitFor('offer:created');
    expect(secondOffer.transfer?.transferId).toBe(transfer.id);
    expectOk(await secondAgent.client.call('offer:decline', { offerId: secondOffer.id }));

    const ended = await a.client.waitFor('transfer:ended');
    expect(ended.transfer).toMatchObject({ status: 'expired' });
    expect(await ownerOf(chat.conversationId)).toEqual({ status: 'active', agent_id: a.agent.id });
    // neither the sender nor the full member was ever offered it
    await a.client.flush();
    await full.client.flush();
    expect(a.client.received('offer:created').filter((o) => o.conversationId === chat.conversationId)).toHaveLength(1);
    expect(full.client.received('offer:created').filter((o) => o.transfer)).toHaveLength(0);
  });

  it('team: a team where nobody can take the chat now is refused with unreachable', async () => {
    h = await startHarness();
    const { a, chat, others } = await chatHeldByA('Bea');
    const b = others[0]!;
    expectOk(await b.client.call('availability:set', { available: false }));
    const team = await saveTeam(h.app.db, { name: 'Night', agentIds: [a.agent.id, b.agent.id] }, h.clock.now());
    expect(await a.client.call('chat:transfer', { conversationId: chat.conversationId, to: { teamId: team.id } })).toEqual({ ok: false, error: 'unreachable' });
    expect(await h.app.db.selectFrom('transfers').selectAll().execute()).toHaveLength(0);
  });

  it('capacity full: a named receiver who holds the maximum cannot accept (capacity_reached); the chat stays the sender’s', async () => {
    h = await startHarness({ MAX_CHATS_PER_AGENT: '1' });
    const { a, chat, others } = await chatHeldByA('Bea');
    const b = others[0]!;
    await activeChat(h, b.client); // A is full, so the new chat goes to Bea
    expect(await loadOf(b.agent.id)).toEqual({ active_chats: 1, pending_offers: 0 });

    expectOk(await a.client.call('chat:transfer', { conversationId: chat.conversationId, to: { agentId: b.agent.id } }));
    const offer = await b.client.waitFor('offer:created', (o) => o.conversationId === chat.conversationId);
    expect(await b.client.call('offer:accept', { offerId: offer.id })).toEqual({ ok: false, error: 'capacity_reached' });
    expect(await ownerOf(chat.conversationId)).toEqual({ status: 'active', agent_id: a.agent.id });
    expect(await loadOf(a.agent.id)).toEqual({ active_chats: 1, pending_offers: 0 });
    expect(await loadOf(b.agent.id)).toEqual({ active_chats: 1, pending_offers: 1 });
  });

  it('receiver disconnected: a transfer to an agent who is not connected is refused with unreachable', async () => {
    h = await startHarness();
    const { a, chat } = await chatHeldByA();
    const away = await h.addAgent('Bea'); // signed in, never connected
    expect(await a.client.call('chat:transfer', { conversationId: chat.conversationId, to: { agentId: away.agent.id } })).toEqual({
      ok: false,
      error: 'unreachable',
    });
    const gone = await h.onlineAgent('Cid');
    gone.client.close();
    await expect
      .poll(async () => expectOk(await a.client.call('transfer:targets', {})).agents.find((x) => x.id === gone.agent.id)?.online)
      .toBe(false);
    expect(await a.client.call('chat:transfer', { conversationId: chat.conversationId, to: { agentId: gone.agent.id } })).toEqual({
      ok: false,
      error: 'unreachable',
    });
    expect(await ownerOf(chat.conversationId)).toEqual({ status: 'active', agent_id: a.agent.id });
  });

  it('the visitor ending the chat during a transfer withdraws the offer and tells the sender', async () => {
    h = await startHarness();
    const { a, chat, others } = await chatHeldByA('Bea');
    const b = others[0]!;
    expectOk(await a.client.call('chat:transfer', { conversationId: chat.conversationId, to: { agentId: b.agent.id } }));
    const offer = await b.client.waitFor('offer:created');
    expectOk(await chat.visitor.call('conversation:end', { conversationId: chat.conversationId }));

    expect(await b.client.waitFor('offer:ended')).toEqual({ offerId: offer.id, conversationId: chat.conversationId, reason: 'withdrawn' });
    const ended = await a.client.waitFor('transfer:ended');
    expect(ended.transfer.status).toBe('withdrawn');
    expect(ended.conversation.status).toBe('ended');
    expect(await b.client.call('offer:accept', { offerId: offer.id })).toEqual({ ok: false, error: 'offer_expired' });
    expect(await loadOf(a.agent.id)).toEqual({ active_chats: 0, pending_offers: 0 });
    expect(await loadOf(b.agent.id)).toEqual({ active_chats: 0, pending_offers: 0 });
  });

  it('the sender ending the chat during a transfer withdraws the offer', async () => {
    h = await startHarness();
    const { a, chat, others } = await chatHeldByA('Bea');
    const b = others[0]!;
    expectOk(await a.client.call('chat:transfer', { conversationId: chat.conversationId, to: { agentId: b.agent.id } }));
    const offer = await b.client.waitFor('offer:created');
    expectOk(await a.client.call('conversation:end', { conversationId: chat.conversationId }));
    expect(await b.client.waitFor('offer:ended')).toEqual({ offerId: offer.id, conversationId: chat.conversationId, reason: 'withdrawn' });
    expect((await a.client.waitFor('transfer:ended')).transfer.status).toBe('withdrawn');
    expect(await loadOf(b.agent.id)).toEqual({ active_chats: 0, pending_offers: 0 });
  });

  it('the idle timeout ending the chat during a transfer withdraws the offer and tells the sender', async () => {
    h = await startHarness({ IDLE_TIMEOUT_MS: '600000', OFFER_TIMEOUT_MS: '3600000' });
    const { a, chat, others } = await chatHeldByA('Bea');
    const b = others[0]!;
    expectOk(await a.client.call('chat:transfer', { conversationId: chat.conversationId, to: { agentId: b.agent.id } }));
    const offer = await b.client.waitFor('offer:created');
    h.clock.advance(600_000);
    await h.app.sweep();
    expect(await b.client.waitFor('offer:ended')).toEqual({ offerId: offer.id, conversationId: chat.conversationId, reason: 'withdrawn' });
    expect((await a.client.waitFor('transfer:ended')).transfer.status).toBe('withdrawn');
    expect(await ownerOf(chat.conversationId)).toMatchObject({ status: 'ended' });
    expect(await loadOf(a.agent.id)).toEqual({ active_chats: 0, pending_offers: 0 });
    expect(await loadOf(b.agent.id)).toEqual({ active_chats: 0, pending_offers: 0 });
  });

  it('a receiver disabled during the transfer hands the chat back to the sender, never to routing', async () => {
    h = await startHarness();
    const { a, chat, others } = await chatHeldByA('Bea');
    const b = others[0]!;
    expectOk(await a.client.call('chat:transfer', { conversationId: chat.conversationId, to: { agentId: b.agent.id } }));
    await b.client.waitFor('offer:created');
    await h.app.db.updateTable('users').set({ disabled: 1 }).where('id', '=', b.agent.id).execute();
    await h.app.sweep();
    expect((await a.client.waitFor('transfer:ended')).transfer.status).toBe('expired');
    expect(await ownerOf(chat.conversationId)).toEqual({ status: 'active', agent_id: a.agent.id });
    expect(await loadOf(b.agent.id)).toEqual({ active_chats: 0, pending_offers: 0 });
  });

  it('a sender disabled during the transfer: the transfer is withdrawn before the chat goes back to routing', async () => {
    h = await startHarness();
    const { a, chat, others } = await chatHeldByA('Bea');
    const b = others[0]!;
    expectOk(await a.client.call('chat:transfer', { conversationId: chat.conversationId, to: { agentId: b.agent.id } }));
    const offer = await b.client.waitFor('offer:created');
    await h.app.db.updateTable('users').set({ disabled: 1 }).where('id', '=', a.agent.id).execute();
    await h.app.sweep();
    expect(await b.client.waitFor('offer:ended', (e) => e.offerId === offer.id)).toMatchObject({ reason: 'withdrawn' });
    // routed as a new wait: Bea, available, is offered it as an ordinary chat
    const routed = await b.client.waitFor('offer:created', (o) => o.id !== offer.id);
    expect(routed.transfer).toBeUndefined();
    expect(await h.app.db.selectFrom('transfers').select('status').executeTakeFirstOrThrow()).toEqual({ status: 'withdrawn' });
  });

  it('two transfers of one chat at the same moment: exactly one wins, the other gets conflict', async () => {
    h = await startHarness();
    const { a, chat, others } = await chatHeldByA('Bea', 'Cid');
    const [b, c] = others as [NonNullable<(typeof others)[0]>, NonNullable<(typeof others)[0]>];
    const secondTab = await h.connectAgent(a.token);

    const acks = await Promise.all([
      a.client.call('chat:transfer', { conversationId: chat.conversationId, to: { agentId: b.agent.id } }),
      secondTab.call('chat:transfer', { conversationId: chat.conversationId, to: { agentId: c.agent.id } }),
    ]);
    expect(acks.filter((x) => x.ok)).toHaveLength(1);
    expect(acks.filter((x) => !x.ok)).toEqual([{ ok: false, error: 'conflict' }]);
    const transfers = await h.app.db.selectFrom('transfers').selectAll().execute();
    expect(transfers).toHaveLength(1);
    const offers = await h.app.db.selectFrom('offers').selectAll().where('conversation_id', '=', chat.conversationId).where('status', '=', 'pending').execute();
    expect(offers).toHaveLength(1);
    const [bLoad, cLoad] = [await loadOf(b.agent.id), await loadOf(c.agent.id)];
    expect(bLoad.pending_offers + cLoad.pending_offers).toBe(1);
  });

  it('R8: the receiver sees only the offer until they accept, never the chat or its messages; then the whole chat', async () => {
    h = await startHarness();
    const { a, chat, others } = await chatHeldByA('Bea');
    const b = others[0]!;
    expectOk(await sendAs(a.client, chat.conversationId, 'Before the transfer'));
    expectOk(await a.client.call('chat:transfer', { conversationId: chat.conversationId, to: { agentId: b.agent.id } }));
    const offer = await b.client.waitFor('offer:created');
    expectOk(await chat.visitor.call('message:send', { conversationId: chat.conversationId, clientId: 'v-during', body: 'During the transfer' }));

    expect(await b.client.call('conversation:open', { conversationId: chat.conversationId })).toEqual({ ok: false, error: 'forbidden' });
    await b.client.flush();
    expect(b.client.received('message:created')).toHaveLength(0);
    const snapshot = expectOk(await b.client.call('sync:pull', { cursors: { [chat.conversationId]: 0 } }));
    expect(snapshot.messages).toHaveLength(0);
    expect(snapshot.offers.map((o) => o.id)).toEqual([offer.id]);

    expectOk(await b.client.call('offer:accept', { offerId: offer.id }));
    const transcript = expectOk(await b.client.call('conversation:open', { conversationId: chat.conversationId }));
    expect(transcript.messages.map((m) => m.body)).toEqual(expect.arrayContaining(['Before the transfer', 'During the transfer', 'You are now chatting with Bea']));
  });

  it('refuses a transfer of a chat the caller does not hold (forbidden), of an unknown chat or team (not_found), to themself (conflict), with a note over 500 characters (invalid)', async () => {
    h = await startHarness();
    const { a, chat, others } = await chatHeldByA('Bea');
    const b = others[0]!;
    expect(await b.client.call('chat:transfer', { conversationId: chat.conversationId, to: { agentId: a.agent.id } })).toEqual({ ok: false, error: 'forbidden' });
    expect(await a.client.call('chat:transfer', { conversationId: 'no-such-chat', to: { agentId: b.agent.id } })).toEqual({ ok: false, error: 'not_found' });
    expect(await a.client.call('chat:transfer', { conversationId: chat.conversationId, to: { teamId: 'no-such-team' } })).toEqual({ ok: false, error: 'not_found' });
    expect(await a.client.call('chat:transfer', { conversationId: chat.conversationId, to: { agentId: a.agent.id } })).toEqual({ ok: false, error: 'conflict' });
    expect(await a.client.call('chat:transfer', { conversationId: chat.conversationId, to: { agentId: b.agent.id }, note: 'x'.repeat(501) })).toEqual({
      ok: false,
      error: 'invalid_payload',
    });
  });

  it('lists transfer targets: other agents with online, available and load, and teams with how many could take a chat now', async () => {
    h = await startHarness();
    const { a, others } = await chatHeldByA('Bea');
    const b = others[0]!;
    const away = await h.addAgent('Zed');
    const team = await saveTeam(h.app.db, { name: 'Sales', agentIds: [a.agent.id, b.agent.id, away.agent.id] }, h.clock.now());
    const targets = expectOk(await a.client.call('transfer:targets', {}));
    expect(targets.agents).toEqual([
      { id: b.agent.id, name: 'Bea', online: true, available: true, load: 0, capacity: 10 },
      { id: away.agent.id, name: 'Zed', online: false, available: true, load: 0, capacity: 10 },
    ]);
    expect(targets.teams).toEqual([{ id: team.id, name: 'Sales', ready: 1 }]);
  });

  it('tells the sender’s snapshot about their pending transfer', async () => {
    h = await startHarness();
    const { a, chat, others } = await chatHeldByA('Bea');
    const transfer = expectOk(await a.client.call('chat:transfer', { conversationId: chat.conversationId, to: { agentId: others[0]!.agent.id } }));
    const snapshot = expectOk(await a.client.call('sync:pull', { cursors: {} }));
    expect(snapshot.transfers).toEqual([transfer]);
  });
});
