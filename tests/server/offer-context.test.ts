import { afterEach, describe, expect, it } from 'vitest';
import { FIRST_MESSAGE_MAX } from '../../server/db/offers.ts';
import { expectOk, startHarness, type Harness, type VisitorClient } from './helpers.ts';

let h: Harness;
afterEach(async () => {
  await h?.close();
});

/** A visitor on the pricing page (its visit recorded with the title) starts a chat there. */
async function chatFromPricing(): Promise<{ visitor: VisitorClient; conversationId: string }> {
  const visitor = await h.connectVisitor();
  expectOk(await visitor.call('activity:page', { url: 'https://shop.test/pricing', title: 'Pricing – Shop' }));
  const started = expectOk(await visitor.call('chat:start', { name: 'Vera Visitor', email: 'vera@example.test', pageUrl: 'https://shop.test/pricing' }));
  return { visitor, conversationId: started.conversation.id };
}

const say = (visitor: VisitorClient, conversationId: string, clientId: string, body: string) =>
  visitor.call('message:send', { conversationId, clientId, body });

describe('what an offer shows besides the visitor', () => {
  it('carries the page the chat started on with its title, and no first message before the visitor writes', async () => {
    h = await startHarness();
    const { client } = await h.onlineAgent();
    await chatFromPricing();
    const offer = await client.waitFor('offer:created');
    expect(offer.page).toEqual({ url: 'https://shop.test/pricing', title: 'Pricing – Shop' });
    expect(offer.firstMessage).toBeUndefined();
  });

  it("sends the visitor's first message to the offered agent as offer:updated, shortened; later messages change nothing", async () => {
    h = await startHarness();
    const { client } = await h.onlineAgent();
    const { visitor, conversationId } = await chatFromPricing();
    const offer = await client.waitFor('offer:created');

    expectOk(await say(visitor, conversationId, 'first', `  Is the blue boiler in stock? ${'x'.repeat(400)}`));
    const updated = await client.waitFor('offer:updated');
    expect(updated).toMatchObject({ id: offer.id, expiresAt: offer.expiresAt, page: offer.page });
    expect(updated.firstMessage!.startsWith('Is the blue boiler in stock?')).toBe(true);
    expect([...updated.firstMessage!]).toHaveLength(FIRST_MESSAGE_MAX);
    expect(updated.firstMessage!.endsWith('…')).toBe(true);

    expectOk(await say(visitor, conversationId, 'second', 'Hello?'));
    await client.flush();
    expect(client.received('offer:updated')).toHaveLength(1);
  });

  it('an offer made after the visitor wrote (the next agent, after a decline) and the reconnect snapshot carry the first message', async () => {
    h = await startHarness();
    const first = await h.onlineAgent('Ada');
    const { visitor, conversationId } = await chatFromPricing();
    const offer = await first.client.waitFor('offer:created');
    expectOk(await say(visitor, conversationId, 'first', 'Do you ship to Norway?'));
    await first.client.waitFor('offer:updated');

    const second = await h.onlineAgent('Bo');
    expectOk(await first.client.call('offer:decline', { offerId: offer.id }));
    const next = await second.client.waitFor('offer:created', (o) => o.conversationId === conversationId);
    expect(next.firstMessage).toBe('Do you ship to Norway?');
    expect(next.page?.title).toBe('Pricing – Shop');

    const snapshot = expectOk(await second.client.call('sync:pull', { cursors: {} }));
    expect(snapshot.offers.map((o) => o.firstMessage)).toEqual(['Do you ship to Norway?']);
  });
});
