import { beforeEach, describe, expect, it, vi } from 'vitest';
import { upsertConversations, putMessages } from '../../../entrypoints/background/cache.ts';
import { pullSnapshot, receiveMessage } from '../../../entrypoints/background/sync.ts';
import { db } from '../../../utils/db.ts';
import { agentItem } from '../../../utils/storage.ts';
import { FakeSocket } from '../helpers/fake-socket.ts';
import { agent, conversation, message, snapshot } from '../helpers/fixtures.ts';
import { resetExtension } from '../helpers/reset.ts';

beforeEach(resetExtension);

function connectedSocket(): FakeSocket {
  const socket = new FakeSocket('http://server/agent', {});
  socket.connected = true;
  return socket;
}

describe('catch-up sync', () => {
  it('sends the cursors it holds, applies the snapshot, and moves the cursors on', async () => {
    await upsertConversations([conversation()]);
    await putMessages([message({ seq: 1 }), message({ seq: 2 })]);
    const socket = connectedSocket();
    socket.reply('sync:pull', () => ({
      ok: true,
      data: snapshot({
        agent: agent({ available: true }),
        conversations: [conversation({ lastSeq: 4 })],
        messages: [message({ seq: 3 }), message({ seq: 4 })],
      }),
    }));

    await pullSnapshot(socket.asSocket());
    await pullSnapshot(socket.asSocket());

    expect(socket.emittedOf('sync:pull')).toEqual([{ cursors: { 'conv-1': 2 } }, { cursors: { 'conv-1': 4 } }]);
    expect((await db.messages.toArray()).map((m) => m.seq)).toEqual([1, 2, 3, 4]);
    expect(await agentItem.getValue()).toMatchObject({ available: true });
  });

  it('without a connection answers offline and leaves the cache as it was', async () => {
    const result = await pullSnapshot(null);
    expect(result).toEqual({ ok: false, error: 'offline' });
    expect(await db.conversations.count()).toBe(0);
  });

  it('stores a message that continues its conversation without pulling', async () => {
    await putMessages([message({ seq: 1 })]);
    const pull = vi.fn(async () => undefined);
    await receiveMessage(message({ seq: 2 }), pull);
    expect(pull).not.toHaveBeenCalled();
    expect((await db.messages.toArray()).map((m) => m.seq)).toEqual([1, 2]);
  });

  it('pulls instead of storing when a message skips ahead of the last seq', async () => {
    await putMessages([message({ seq: 1 })]);
    const pull = vi.fn(async () => undefined);
    await receiveMessage(message({ seq: 3 }), pull);
    expect(pull).toHaveBeenCalledOnce();
    expect((await db.messages.toArray()).map((m) => m.seq)).toEqual([1]);
  });
});
