import { beforeEach, describe, expect, it } from 'vitest';
import { putMessages, upsertConversations } from '../../../entrypoints/background/cache.ts';
import type { Connection } from '../../../entrypoints/background/connection.ts';
import { createSerialQueue, type SerialQueue } from '../../../entrypoints/background/queue.ts';
import { bindTransferEvents, createTransferActions, keepSnapshotTransfers, TRANSFERS_KEY } from '../../../entrypoints/background/transfer.ts';
import type { TransferDTO } from '../../../protocol/transfer.ts';
import { db, messageRange } from '../../../utils/db.ts';
import { FakeSocket } from '../helpers/fake-socket.ts';
import { conversation, message } from '../helpers/fixtures.ts';
import { resetExtension } from '../helpers/reset.ts';

let socket: FakeSocket;
let queue: SerialQueue;

beforeEach(async () => {
  await resetExtension();
  socket = new FakeSocket('http://server/agent', {});
  socket.connected = true;
  queue = createSerialQueue();
});

const connection = (): Connection => ({ socket: () => socket.asSocket(), ensure: async () => {}, ready: async () => socket.asSocket(), close: async () => {} });

function transfer(overrides: Partial<TransferDTO> = {}): TransferDTO {
  return {
    id: 't1',
    conversationId: 'conv-1',
    fromAgentId: 'me',
    fromAgentName: 'Ada',
    to: { kind: 'agent', agentId: 'bea', name: 'Bea' },
    note: null,
    status: 'pending',
    createdAt: 1,
    endedAt: null,
    endedByName: null,
    ...overrides,
  };
}

const kept = async () => ((await db.meta.get(TRANSFERS_KEY))?.value as TransferDTO[] | undefined) ?? [];

describe('transfers in the worker', () => {
  it('a transfer the server acknowledged is kept as pending', async () => {
    socket.reply('chat:transfer', () => ({ ok: true, data: transfer() }));
    const result = await createTransferActions({ connection: connection(), queue }).transfer({ conversationId: 'conv-1', to: { agentId: 'bea' } });
    expect(result.ok).toBe(true);
    expect(socket.emittedOf('chat:transfer')).toEqual([{ conversationId: 'conv-1', to: { agentId: 'bea' } }]);
    expect(await kept()).toEqual([transfer()]);
  });

  it('a declined transfer replaces the pending one and the chat stays in the cache', async () => {
    await upsertConversations([conversation({ id: 'conv-1', status: 'active', agentId: 'me' })]);
    bindTransferEvents(socket.asSocket(), { queue });
    socket.push('transfer:started', transfer());
    const declined = transfer({ status: 'declined', endedAt: 2, endedByName: 'Bea' });
    socket.push('transfer:ended', { transfer: declined, conversation: conversation({ id: 'conv-1', status: 'active', agentId: 'me' }) });
    await queue.idle();
    expect(await kept()).toEqual([declined]);
    expect(await db.conversations.get('conv-1')).toBeDefined();
  });

  it('an accepted transfer takes the chat and its messages out of the cache (the sender may no longer read it)', async () => {
    await upsertConversations([conversation({ id: 'conv-1', status: 'active', agentId: 'me' })]);
    await putMessages([message({ conversationId: 'conv-1', seq: 1 })]);
    bindTransferEvents(socket.asSocket(), { queue });
    socket.push('transfer:ended', {
      transfer: transfer({ status: 'accepted', endedAt: 2, endedByName: 'Bea' }),
      conversation: conversation({ id: 'conv-1', status: 'active', agentId: 'bea' }),
    });
    await queue.idle();
    expect(await db.conversations.get('conv-1')).toBeUndefined();
    expect(await messageRange(db, 'conv-1').count()).toBe(0);
  });

  it("a snapshot's pending transfers become the truth; outcomes not dismissed stay, and dismissing forgets one", async () => {
    await db.meta.put({ key: TRANSFERS_KEY, value: [transfer({ id: 'old', conversationId: 'conv-2', status: 'expired', endedAt: 2 }), transfer({ id: 'gone' })] });
    await keepSnapshotTransfers({ transfers: [transfer({ id: 'now', conversationId: 'conv-3' })] });
    expect((await kept()).map((t) => t.id)).toEqual(['now', 'old']);
    await createTransferActions({ connection: connection(), queue }).dismiss('old');
    expect((await kept()).map((t) => t.id)).toEqual(['now']);
  });
});
