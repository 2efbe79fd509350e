/** Visitor identity, page visits and meetings: the commands of both namespaces. */
import { CommandError } from '../../protocol/ack.ts';
import {
  activityPageSchema,
  emptyInputSchema,
  meetingRefSchema,
  meetingSettingsSchema,
  meetingsBookSchema,
  meetingsShareSchema,
  meetingsSlotsSchema,
  visitorIdentifySchema,
  type ActivityPageInput,
  type MeetingsBookInput,
  type VisitorIdentifyInput,
} from '../../protocol/meetings.ts';
import type { UserRow } from '../db/users.ts';
import { recordPageVisit } from '../services/activities.ts';
import type { ServiceDeps } from '../services/deps.ts';
import { identifyVisitor } from '../services/identity.ts';
import {
  agentMeetings,
  bookMeeting,
  cancelMeeting,
  getMeetingSettings,
  listCalendars,
  setMeetingSettings,
  shareCalendar,
  slotsFor,
} from '../services/meetings.ts';
import type { Outcome } from '../services/outcome.ts';
import type { Budget, Limits } from '../services/rate-limit.ts';
import { command, type CommandContext } from './command.ts';
import type { AgentSocket, VisitorSocket } from './types.ts';

interface MeetingHandlerDeps {
  services: ServiceDeps;
  ctx: CommandContext;
}

/**
 * Budgets per visitor for what a page sends by itself: a page visit per load, an identity per load,
 * and bookings a person makes by hand. Beyond them a client is misbehaving.
 */
export const VISITOR_BUDGETS = {
  page: { name: 'visitor-page', max: 30, windowMs: 60_000 },
  identify: { name: 'visitor-identify', max: 10, windowMs: 60_000 },
  booking: { name: 'visitor-booking', max: 20, windowMs: 60_000 },
} as const satisfies Record<string, Budget>;

/** Over the visitor's budget the command is refused. */
function limited<I, R>(limits: Limits, budget: Budget, visitorId: string, run: (input: I) => Promise<Outcome<R>>) {
  return async (input: I): Promise<Outcome<R>> => {
    if (!(await limits.take(budget, visitorId))) throw new CommandError('rate_limited');
    return run(input);
  };
}

/** `me` is the agent checked by the namespace's per-event guard. */
export function registerAgentMeetingHandlers(socket: AgentSocket, deps: MeetingHandlerDeps, me: () => UserRow): void {
  const { services, ctx } = deps;
  socket.on('meetings:getSettings', command(ctx, 'meetings:getSettings', emptyInputSchema, () => getMeetingSettings(services, me())));
  socket.on(
    'meetings:setSettings',
    command(ctx, 'meetings:setSettings', meetingSettingsSchema, (input) => setMeetingSettings(services, me(), input)),
  );
  socket.on('meetings:calendars', command(ctx, 'meetings:calendars', emptyInputSchema, () => listCalendars(services, me())));
  socket.on('meetings:share', command(ctx, 'meetings:share', meetingsShareSchema, (input) => shareCalendar(services, me(), input)));
  socket.on('meetings:list', command(ctx, 'meetings:list', emptyInputSchema, () => agentMeetings(services, me())));
  socket.on(
    'meetings:cancel',
    command(ctx, 'meetings:cancel', meetingRefSchema, (input) =>
      cancelMeeting(services, { kind: 'agent', agent: me() }, input.meetingId),
    ),
  );
}

export function registerVisitorMeetingHandlers(socket: VisitorSocket, deps: MeetingHandlerDeps): void {
  const { services, ctx } = deps;
  const { limits } = services;
  const visitorId = socket.data.visitorId;
  const identify = limited(limits, VISITOR_BUDGETS.identify, visitorId, (input: VisitorIdentifyInput) => identifyVisitor(services, visitorId, input));
  const page = limited(limits, VISITOR_BUDGETS.page, visitorId, (input: ActivityPageInput) => recordPageVisit(services, visitorId, input));
  const book = limited(limits, VISITOR_BUDGETS.booking, visitorId, (input: MeetingsBookInput) => bookMeeting(services, visitorId, input));
  const actor = { kind: 'visitor', visitorId } as const;
  socket.on('visitor:identify', command(ctx, 'visitor:identify', visitorIdentifySchema, identify));
  socket.on('activity:page', command(ctx, 'activity:page', activityPageSchema, page));
  socket.on('meetings:slots', command(ctx, 'meetings:slots', meetingsSlotsSchema, (input) => slotsFor(services, visitorId, input)));
  socket.on('meetings:book', command(ctx, 'meetings:book', meetingsBookSchema, book));
  socket.on('meetings:cancel', command(ctx, 'meetings:cancel', meetingRefSchema, (input) => cancelMeeting(services, actor, input.meetingId)));
}
