/** The admin console's server, played by a test: answers the worker's `admin` command by event name. */
import type { AdminAgentDTO } from '../../../protocol/admin.ts';
import type { AdminEvent } from '../../../protocol/admin-events.ts';
import { onCommand, type CommandResult } from '../../../utils/messaging.ts';

export type AdminHandlers = Partial<Record<AdminEvent, (data: never) => CommandResult<unknown> | Promise<CommandResult<unknown>>>>;

/** Every admin command sent, in order; an event without a handler answers `internal`. */
export function fakeAdminServer(handlers: AdminHandlers): Array<{ event: AdminEvent; data: unknown }> {
  const sent: Array<{ event: AdminEvent; data: unknown }> = [];
  onCommand('admin', async ({ data }) => {
    sent.push(data);
    const handler = handlers[data.event];
    return handler ? handler(data.data as never) : { ok: false, error: 'internal' };
  });
  return sent;
}

export function adminAgent(overrides: Partial<AdminAgentDTO> = {}): AdminAgentDTO {
  return {
    id: 'a1',
    email: 'ada@example.com',
    name: 'Ada Agent',
    role: 'agent',
    available: true,
    availabilitySource: 'manual',
    availableUntil: null,
    disabled: false,
    online: true,
    activeChats: 3,
    pendingOffers: 0,
    capacity: 10,
    maxChats: null,
    ...overrides,
  };
}
