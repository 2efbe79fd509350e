/**
 * Meetings from the agent's side (SPEC R12, R13): their meeting settings, the calendars they can share,
 * sharing one into a chat, and their booked meetings. All of it lives on the server; these ask for it.
 */
import type { MessageDTO } from '../../protocol/dto.ts';
import type { MeetingsShareInput } from '../../protocol/meetings.ts';
import { onCommand, type CommandMap, type CommandResult } from '../../utils/messaging.ts';
import type { Connection } from './connection.ts';
import { request } from './socket.ts';

type Result<K extends keyof CommandMap> = Promise<ReturnType<CommandMap[K]>>;

export interface MeetingActions {
  getSettings(): Result<'getMeetingSettings'>;
  setSettings(input: Parameters<CommandMap['setMeetingSettings']>[0]): Result<'setMeetingSettings'>;
  calendars(): Result<'listCalendars'>;
  share(input: MeetingsShareInput): Promise<CommandResult<null>>;
  list(): Result<'listMeetings'>;
  cancel(meetingId: string): Result<'cancelMeeting'>;
}

export interface MeetingActionsDeps {
  connection: Connection;
  /** stores a message the server answered with, as if it had arrived as a fact */
  deliver(message: MessageDTO): Promise<unknown>;
  newId?: () => string;
}

export function createMeetingActions({ connection, deliver, newId = () => crypto.randomUUID() }: MeetingActionsDeps): MeetingActions {
  return {
    getSettings: async () => request(await connection.ready(), 'meetings:getSettings', {}),
    setSettings: async (input) => request(await connection.ready(), 'meetings:setSettings', input),
    calendars: async () => request(await connection.ready(), 'meetings:calendars', {}),
    async share(input) {
      // one id for the card, so a retry after a lost ack does not post it twice
      const result = await request(await connection.ready(), 'meetings:share', { clientId: newId(), ...input });
      if (!result.ok) return result;
      await deliver(result.data);
      return { ok: true, data: null };
    },
    list: async () => request(await connection.ready(), 'meetings:list', {}),
    cancel: async (meetingId) => request(await connection.ready(), 'meetings:cancel', { meetingId }),
  };
}

/** Runs the panel's meeting commands (checked by the panel before sending, and by the server). */
export function registerMeetingCommands(meetings: MeetingActions): void {
  onCommand('getMeetingSettings', () => meetings.getSettings());
  onCommand('setMeetingSettings', ({ data }) => meetings.setSettings(data));
  onCommand('listCalendars', () => meetings.calendars());
  onCommand('shareCalendar', ({ data }) => meetings.share(data));
  onCommand('listMeetings', () => meetings.list());
  onCommand('cancelMeeting', ({ data }) => meetings.cancel(data.meetingId));
}
