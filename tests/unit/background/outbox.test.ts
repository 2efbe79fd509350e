import { beforeEach, describe, expect, it, vi } from 'vitest';
import { putMessages } from '../../../entrypoints/background/cache.ts';
import { createOutbox, type Outbox } from '../../../entrypoints/background/outbox.ts';
import type { MessageSendInput } from '../../../protocol/schemas.ts';
import { db } from '../../../utils/db.ts';
import { FakeSocket } from '../helpers/fake-socket.ts';
import { message } from '../helpers/fixtures.ts';
import { resetExtension } from '../helpers/reset.ts';

let socket: FakeSocket;
let outbox: Outbox;

beforeEach(async () => {
  await resetExtension();
  socket = new FakeSocket('http://server/agent', {});
  outbox = createOutbox({
    socket: () => (socket.connected ? socket.asSocket() : null),
    deliver: (m) => putMessages([m]),
  });
});

/** The server stores what it is sent and acks it with the stored message. */
function serverAccepts(): void {
  let seq = 0;
  socket.reply('message:send', (input: MessageSendInput) => ({
    ok: true,
    data: message({ seq: ++seq, clientId: input.clientId, body: input.body, author: 'agent' }),
  }));
}

describe('outbox', () => {
  it('keeps a message written while offline, without emitting it', async () => {
    const result = await outbox.enqueue('conv-1', 'Hello?');
    expect(result).toEqual({ ok: true, data: { clientId: expect.any(String), delivered: false } });
    expect(await db.outbox.toArray()).toEqual([expect.objectContaining({ conversationId: 'conv-1', body: 'Hello?' })]);
    expect(socket.emitted).toEqual([]);
  });

  it('sends waiting messages after the connection is back and removes each on its ack', async () => {
    await outbox.enqueue('conv-1', 'first');
    await outbox.enqueue('conv-1', 'second');
    socket.connected = true;
    serverAccepts();

    await outbox.flush();

    expect(socket.emittedOf('message:send').map((i) => (i as MessageSendInput).body)).toEqual(['first', 'second']);
    expect(await db.outbox.count()).toBe(0);
    expect((await db.messages.toArray()).map((m) => m.body)).toEqual(['first', 'second']);
  });

  it('keeps the order of messages written within the same millisecond', async () => {
    vi.spyOn(Date, 'now').mockReturnValue(5_000);
    for (const body of ['a', 'b', 'c', 'd', 'e']) await outbox.enqueue('conv-1', body);
    vi.restoreAllMocks();
    socket.connected = true;
    serverAccepts();

    await outbox.flush();

    expect(socket.emittedOf('message:send').map((i) => (i as MessageSendInput).body)).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('sends at once when connected and answers delivered', async () => {
    socket.connected = true;
    serverAccepts();
    const result = await outbox.enqueue('conv-1', 'Hi there');
    expect(result).toEqual({ ok: true, data: { clientId: expect.any(String), delivered: true } });
    expect(await db.outbox.count()).toBe(0);
  });

  it('keeps a message the server refuses for good, marked with the reason, and one that timed out, unmarked', async () => {
    socket.connected = true;
    socket.reply('message:send', () => ({ ok: false, error: 'conversation_ended' }));
    expect(await outbox.enqueue('conv-1', 'too late')).toEqual({ ok: false, error: 'conversation_ended' });
    expect(await db.outbox.toArray()).toEqual([expect.objectContaining({ body: 'too late', failed: 'conversation_ended' })]);

    socket.reply('message:send', () => undefined);
    expect(await outbox.enqueue('conv-1', 'no answer')).toMatchObject({ ok: true, data: { delivered: false } });
    const unmarked = (await db.outbox.toArray()).filter((i) => !i.failed);
    expect(unmarked.map((i) => i.body)).toEqual(['no answer']);
  });

  it('does not send a refused message again on flush, and discards it on request', async () => {
    socket.connected = true;
    socket.reply('message:send', () => ({ ok: false, error: 'forbidden' }));
    await outbox.enqueue('conv-1', 'not yours');
    const [refused] = await db.outbox.toArray();
    const sends = vi.fn();
    socket.reply('message:send', (input: MessageSendInput) => {
      sends(input.body);
      return { ok: true, data: message({ seq: 1, clientId: input.clientId, body: input.body, author: 'agent' }) };
    });
    await outbox.flush();
    expect(sends).not.toHaveBeenCalled();
    await outbox.discard(refused!.clientId);
    expect(await db.outbox.count()).toBe(0);
  });

  it('never discards a message that is still on its way', async () => {
    await outbox.enqueue('conv-1', 'offline draft');
    const [waiting] = await db.outbox.toArray();
    await outbox.discard(waiting!.clientId);
    expect(await db.outbox.count()).toBe(1);
  });
});
