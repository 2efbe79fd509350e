/** The agent's weekly schedule lives on the server (it routes by it); these ask for it and change it. */
import type { AgentDTO } from '../../protocol/dto.ts';
import type { Schedule } from '../../protocol/routing.ts';
import type { CommandResult } from '../../utils/messaging.ts';
import { agentItem } from '../../utils/storage.ts';
import type { Connection } from './connection.ts';
import { request } from './socket.ts';

export interface ScheduleActions {
  get(): Promise<CommandResult<Schedule | null>>;
  set(schedule: Schedule | null): Promise<CommandResult<AgentDTO>>;
}

export function createScheduleActions({ connection }: { connection: Connection }): ScheduleActions {
  return {
    get: async () => request(await connection.ready(), 'schedule:get', {}),
    async set(schedule) {
      const result = await request(await connection.ready(), 'schedule:set', { schedule });
      // the effective availability changed with it; the toggle reads it from storage
      if (result.ok) await agentItem.setValue(result.data);
      return result;
    },
  };
}
