import { beforeEach, describe, expect, it } from 'vitest';
import { createAdminPassthrough, registerAdminCommand } from '../../../entrypoints/background/admin.ts';
import type { Connection } from '../../../entrypoints/background/connection.ts';
import { ADMIN_EVENTS } from '../../../protocol/admin-events.ts';
import { sendCommand, type AdminCommandInput } from '../../../utils/messaging.ts';
import { FakeSocket } from '../helpers/fake-socket.ts';
import { resetExtension } from '../helpers/reset.ts';

let socket: FakeSocket;

beforeEach(async () => {
  await resetExtension();
  socket = new FakeSocket('http://server/agent', {});
  socket.connected = true;
  const connection = { ready: async () => (socket.connected ? socket.asSocket() : null) } as unknown as Connection;
  registerAdminCommand(createAdminPassthrough({ connection }));
});

const send = (input: AdminCommandInput) => sendCommand('admin', input);

describe('the admin passthrough in the background', () => {
  it("forwards an admin command with its payload and answers the server's ack as it came", async () => {
    socket.reply('admin:agents:list', () => ({ ok: true, data: [{ id: 'a1', name: 'Ada' }] }));
    socket.reply('admin:agents:setDisabled', () => ({ ok: false, error: 'forbidden' }));

    expect(await send({ event: 'admin:agents:list', data: {} })).toEqual({ ok: true, data: [{ id: 'a1', name: 'Ada' }] });
    expect(await send({ event: 'admin:agents:setDisabled', data: { agentId: 'a1', disabled: true } })).toEqual({ ok: false, error: 'forbidden' });
    expect(socket.emitted).toEqual([
      { event: 'admin:agents:list', input: {} },
      { event: 'admin:agents:setDisabled', input: { agentId: 'a1', disabled: true } },
    ]);
  });

  it('forwards nothing but admin commands: an agent command or an unknown name is refused as invalid_payload without reaching the socket', async () => {
    for (const event of ['message:send', 'conversation:end', 'availability:set', 'admin:everything', '', 'constructor']) {
      expect(await send({ event, data: { conversationId: 'c1' } } as unknown as AdminCommandInput), event).toEqual({
        ok: false,
        error: 'invalid_payload',
      });
    }
    expect(socket.emitted).toEqual([]);
  });

  it('knows every command of the admin protocol by name', async () => {
    for (const event of ADMIN_EVENTS) socket.reply(event, () => ({ ok: true, data: event }));
    for (const event of ADMIN_EVENTS) expect(await send({ event, data: {} })).toEqual({ ok: true, data: event });
    expect(socket.emitted.map((e) => e.event)).toEqual([...ADMIN_EVENTS]);
  });

  it('answers offline without a connection and timeout when the server does not answer', async () => {
    expect(await send({ event: 'admin:routing:get', data: {} })).toEqual({ ok: false, error: 'timeout' });
    socket.connected = false;
    expect(await send({ event: 'admin:routing:get', data: {} })).toEqual({ ok: false, error: 'offline' });
  });
});
