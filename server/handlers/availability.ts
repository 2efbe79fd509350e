/** /agent commands about the agent's own availability: the toggle and the weekly schedule. */
import { scheduleGetSchema, scheduleSetSchema } from '../../protocol/routing.ts';
import { availabilitySetSchema } from '../../protocol/schemas.ts';
import type { UserRow } from '../db/users.ts';
import { getSchedule, setAvailability, setSchedule } from '../services/availability.ts';
import type { AgentHandlerDeps } from './agent.ts';
import { command } from './command.ts';
import type { AgentSocket } from './types.ts';

export function registerAvailabilityHandlers(socket: AgentSocket, deps: AgentHandlerDeps, me: () => UserRow): void {
  const { services, ctx } = deps;
  socket.on(
    'availability:set',
    command(ctx, 'availability:set', availabilitySetSchema, (input) => setAvailability(services, me(), input.available)),
  );
  socket.on('schedule:get', command(ctx, 'schedule:get', scheduleGetSchema, async () => getSchedule(me())));
  socket.on(
    'schedule:set',
    command(ctx, 'schedule:set', scheduleSetSchema, (input) => setSchedule(services, me(), input.schedule)),
  );
}
