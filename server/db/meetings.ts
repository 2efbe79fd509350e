/** Meeting settings, calendars shared into chats, and meetings. */
import type { Selectable } from 'kysely';
import type { MeetingDTO, MeetingSettings } from '../../protocol/meetings.ts';
import type { WeeklyBlock } from '../../protocol/routing.ts';
import type { Db, MeetingSettingsTable, MeetingsTable } from './schema.ts';

export type MeetingSettingsRow = Selectable<MeetingSettingsTable>;
export type MeetingRow = Selectable<MeetingsTable>;

/** What an agent who never saved settings sees: no meetings, weekdays 9–17 ready to switch on. */
export const DEFAULT_MEETING_SETTINGS: MeetingSettings = {
  timeZone: 'UTC',
  weekly: [1, 2, 3, 4, 5].map((day) => ({ day, start: '09:00', end: '17:00' })),
  lengthMinutes: 30,
  bufferMinutes: 0,
  takesMeetings: false,
};

export function toMeetingSettings(row: MeetingSettingsRow | undefined): MeetingSettings {
  if (!row) return DEFAULT_MEETING_SETTINGS;
  return {
    timeZone: row.time_zone,
    weekly: JSON.parse(row.weekly) as WeeklyBlock[],
    lengthMinutes: row.length_minutes,
    bufferMinutes: row.buffer_minutes,
    takesMeetings: row.takes_meetings === 1,
  };
}

export function findMeetingSettings(db: Db, agentId: string): Promise<MeetingSettingsRow | undefined> {
  return db.selectFrom('meeting_settings').selectAll().where('agent_id', '=', agentId).executeTakeFirst();
}

/**
 * Reads an agent's settings and takes their row lock (a no-op update): bookings into one calendar
 * run one after the other, so the overlap check of one sees the meeting the other just stored.
 */
export function lockMeetingSettings(db: Db, agentId: string): Promise<MeetingSettingsRow | undefined> {
  return db
    .updateTable('meeting_settings')
    .set((eb) => ({ takes_meetings: eb.ref('takes_meetings') }))
    .where('agent_id', '=', agentId)
    .returningAll()
    .executeTakeFirst();
}

export async function saveMeetingSettings(db: Db, agentId: string, s: MeetingSettings, now: number): Promise<void> {
  const values = {
    time_zone: s.timeZone,
    weekly: JSON.stringify(s.weekly),
    length_minutes: s.lengthMinutes,
    buffer_minutes: s.bufferMinutes,
    takes_meetings: s.takesMeetings ? 1 : 0,
    updated_at: now,
  };
  await db
    .insertInto('meeting_settings')
    .values({ agent_id: agentId, ...values })
    .onConflict((oc) => oc.column('agent_id').doUpdateSet(values))
    .execute();
}

/** Enabled agents whose calendar may be offered, by name. */
export function calendarAgents(db: Db) {
  return db
    .selectFrom('meeting_settings as s')
    .innerJoin('users as u', 'u.id', 's.agent_id')
    .select(['u.id', 'u.name', 's.last_offered_at', 's.weekly'])
    .where('s.takes_meetings', '=', 1)
    .where('u.disabled', '=', 0)
    .orderBy('u.name')
    .orderBy('u.id')
    .execute();
}

export async function recordCalendarShare(db: Db, conversationId: string, agentId: string, now: number): Promise<void> {
  await db
    .insertInto('calendar_shares')
    .values({ conversation_id: conversationId, agent_id: agentId, shared_at: now })
    .onConflict((oc) => oc.columns(['conversation_id', 'agent_id']).doNothing())
    .execute();
}

/** Was this agent's calendar shared into one of the visitor's chats (or this one, when given)? */
export async function calendarSharedWith(db: Db, visitorId: string, agentId: string, conversationId?: string): Promise<boolean> {
  let query = db
    .selectFrom('calendar_shares as s')
    .innerJoin('conversations as c', 'c.id', 's.conversation_id')
    .select('s.agent_id')
    .where('c.visitor_id', '=', visitorId)
    .where('s.agent_id', '=', agentId);
  if (conversationId) query = query.where('s.conversation_id', '=', conversationId);
  return (await query.executeTakeFirst()) !== undefined;
}

/** The agent's booked meetings that overlap [from, to). */
export function bookedMeetingsBetween(db: Db, agentId: string, from: number, to: number): Promise<MeetingRow[]> {
  return db
    .selectFrom('meetings')
    .selectAll()
    .where('agent_id', '=', agentId)
    .where('status', '=', 'booked')
    .where('end_at', '>', from)
    .where('start_at', '<', to)
    .orderBy('start_at')
    .execute();
}

export function findMeeting(db: Db, id: string): Promise<MeetingRow | undefined> {
  return db.selectFrom('meetings').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Meetings with what their DTO shows: the agent's name and the visitor's. */
function meetingView(db: Db) {
  return db
    .selectFrom('meetings as m')
    .innerJoin('users as u', 'u.id', 'm.agent_id')
    .innerJoin('visitors as v', 'v.id', 'm.visitor_id')
    .select([
      'm.id',
      'm.agent_id',
      'm.conversation_id',
      'm.start_at',
      'm.end_at',
      'm.status',
      'u.name as agent_name',
      'v.name as visitor_name',
      'v.email as visitor_email',
    ]);
}

type MeetingViewRow = Awaited<ReturnType<ReturnType<typeof meetingView>['executeTakeFirstOrThrow']>>;

function toMeetingDTO(row: MeetingViewRow): MeetingDTO {
  return {
    id: row.id,
    agentId: row.agent_id,
    agentName: row.agent_name,
    start: row.start_at,
    end: row.end_at,
    status: row.status,
    conversationId: row.conversation_id,
    visitorName: row.visitor_name,
    visitorEmail: row.visitor_email,
  };
}

export async function getMeetingDTO(db: Db, id: string): Promise<MeetingDTO> {
  return toMeetingDTO(await meetingView(db).where('m.id', '=', id).executeTakeFirstOrThrow());
}

/** The agent's booked meetings not yet over, soonest first. */
export async function upcomingMeetings(db: Db, agentId: string, now: number, limit = 200): Promise<MeetingDTO[]> {
  const rows = await meetingView(db)
    .where('m.agent_id', '=', agentId)
    .where('m.status', '=', 'booked')
    .where('m.end_at', '>', now)
    .orderBy('m.start_at')
    .limit(limit)
    .execute();
  return rows.map(toMeetingDTO);
}
