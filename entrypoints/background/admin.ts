/**
 * The admin console's one command: it names an admin command of the server and its payload, and the
 * worker sends it over the agent's connection, answering the server's ack (or offline / timeout like
 * every command). Only the admin protocol's names pass; the console checks each payload against its
 * schema before sending and the server checks it again, so the worker carries no schemas.
 */
import { isAdminEvent } from '../../protocol/admin-events.ts';
import { commandFail, onCommand, type AdminCommandInput, type CommandResult } from '../../utils/messaging.ts';
import type { Connection } from './connection.ts';
import { request, type CommandName } from './socket.ts';

export type AdminPassthrough = (input: AdminCommandInput) => Promise<CommandResult<unknown>>;

export function createAdminPassthrough({ connection }: { connection: Pick<Connection, 'ready'> }): AdminPassthrough {
  return async (input) => {
    const event: unknown = input?.event;
    if (!isAdminEvent(event)) return commandFail('invalid_payload');
    return request(await connection.ready(), event satisfies CommandName, input.data as never);
  };
}

export function registerAdminCommand(passthrough: AdminPassthrough): void {
  onCommand('admin', ({ data }) => passthrough(data));
}
