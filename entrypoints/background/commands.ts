/** The side panel's commands arrive here, are validated like any other input, and go to the actions. */
import { z } from 'zod';
import {
  availabilitySetSchema,
  conversationRefSchema,
  messageSendSchema,
  offerRefSchema,
} from '../../protocol/schemas.ts';
import { conversationListSchema, typingSetSchema, visitorHistorySchema } from '../../protocol/inbox.ts';
import { scheduleSetSchema } from '../../protocol/routing.ts';
import { commandFail, onCommand } from '../../utils/messaging.ts';
import type { Actions } from './actions.ts';
import type { InboxActions } from './inbox.ts';
import type { ScheduleActions } from './schedule.ts';
import type { Session } from './session.ts';

const signInSchema = z.strictObject({
  serverUrl: z.string().min(1).max(2000),
  email: z.string().max(400),
  password: z.string().max(400),
});
const composeSchema = messageSendSchema.omit({ clientId: true });

/** Parses the payload, or answers invalid_payload without running the command. */
const discardSchema = z.strictObject({ clientId: z.string().min(1).max(64) });

function validated<S extends z.ZodType, R>(schema: S, run: (input: z.infer<S>) => Promise<R>) {
  return ({ data }: { data: unknown }) => {
    const parsed = schema.safeParse(data);
    return parsed.success ? run(parsed.data) : Promise.resolve(commandFail('invalid_payload'));
  };
}

export function registerCommands(session: Session, actions: Actions, inbox: InboxActions): void {
  onCommand('signIn', validated(signInSchema, (input) => session.signIn(input)));
  onCommand('signOut', () => session.signOut());
  onCommand('setAvailability', validated(availabilitySetSchema, (input) => actions.setAvailability(input.available)));
  onCommand('acceptOffer', validated(offerRefSchema, (input) => actions.acceptOffer(input.offerId)));
  onCommand('declineOffer', validated(offerRefSchema, (input) => actions.declineOffer(input.offerId)));
  onCommand(
    'sendMessage',
    validated(composeSchema, (input) => actions.sendMessage(input.conversationId, input.body)),
  );
  onCommand('discardMessage', validated(discardSchema, (input) => actions.discardMessage(input.clientId)));
  onCommand(
    'endConversation',
    validated(conversationRefSchema, (input) => actions.endConversation(input.conversationId)),
  );
  onCommand('listConversations', validated(conversationListSchema, (input) => inbox.list(input)));
  onCommand('openConversation', validated(conversationRefSchema, (input) => inbox.open(input.conversationId)));
  onCommand('visitorHistory', validated(visitorHistorySchema, (input) => inbox.history(input.visitorId)));
  onCommand('setTyping', validated(typingSetSchema, (input) => inbox.setTyping(input)));
  onCommand('markRead', validated(conversationRefSchema, (input) => inbox.markRead(input.conversationId)));
}

export function registerScheduleCommands(schedule: ScheduleActions): void {
  onCommand('getSchedule', () => schedule.get());
  onCommand('setSchedule', validated(scheduleSetSchema, (input) => schedule.set(input.schedule)));
}
