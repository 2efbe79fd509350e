/** PostgreSQL keeps its full-text (GIN) index itself: nothing is queued, and a search finds a message at once. */
import { afterEach, describe, expect, it } from 'vitest';
import type { Ack } from '../../protocol/ack.ts';
import type { MessageDTO } from '../../protocol/dto.ts';
import { indexPendingMessages } from '../../server/db/search-index.ts';
import { activeChat, expectOk, startHarness, type Harness } from './helpers.ts';

let h: Harness;
afterEach(async () => {
  await h?.close();
});

describe('the search index on PostgreSQL', () => {
  it('queues nothing, and a search finds a message stored a moment ago', async () => {
    h = await startHarness();
    const { client: agent } = await h.onlineAgent('Ada');
    const { visitor, conversationId } = await activeChat(h, agent);
    expectOk((await visitor.raw('message:send', { conversationId, clientId: 'c1', body: 'the invoice for Oslo' })) as Ack<MessageDTO>);
    expect(await indexPendingMessages(h.app.db)).toBe(0);
    expect(expectOk(await agent.call('search:messages', { query: 'invoi' })).items).toHaveLength(1);
  });
});
