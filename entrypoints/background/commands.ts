/**
 * The side panel's commands arrive here and go to the actions. The panel checked each payload against
 * the wire contract before sending (utils/commands.ts) and the server checks it again, so the worker
 * carries no validation library of its own.
 */
import { onCommand } from '../../utils/messaging.ts';
import type { Actions } from './actions.ts';
import type { InboxActions } from './inbox.ts';
import type { ScheduleActions } from './schedule.ts';
import type { Session } from './session.ts';
import type { ToolkitActions } from './toolkit.ts';

export function registerCommands(session: Session, actions: Actions, inbox: InboxActions): void {
  onCommand('signIn', ({ data }) => session.signIn(data));
  onCommand('signOut', () => session.signOut());
  onCommand('connect', () => actions.connect());
  onCommand('setAvailability', ({ data }) => actions.setAvailability(data.available));
  onCommand('acceptOffer', ({ data }) => actions.acceptOffer(data.offerId));
  onCommand('declineOffer', ({ data }) => actions.declineOffer(data.offerId));
  onCommand('sendMessage', ({ data }) => actions.sendMessage(data.conversationId, data.body, data.note));
  onCommand('discardMessage', ({ data }) => actions.discardMessage(data.clientId));
  onCommand('endConversation', ({ data }) => actions.endConversation(data.conversationId));
  onCommand('listConversations', ({ data }) => inbox.list(data));
  onCommand('openConversation', ({ data }) => inbox.open(data.conversationId));
  onCommand('visitorHistory', ({ data }) => inbox.history(data.visitorId));
  onCommand('setTyping', ({ data }) => inbox.setTyping(data));
  onCommand('markRead', ({ data }) => inbox.markRead(data.conversationId));
}

export function registerScheduleCommands(schedule: ScheduleActions): void {
  onCommand('getSchedule', () => schedule.get());
  onCommand('setSchedule', ({ data }) => schedule.set(data.schedule));
}

export function registerToolkitCommands(toolkit: ToolkitActions): void {
  onCommand('listTags', () => toolkit.listTags());
  onCommand('tagConversation', ({ data }) => toolkit.tagConversation(data));
  onCommand('listReplies', () => toolkit.listReplies());
  onCommand('createReply', ({ data }) => toolkit.createReply(data));
  onCommand('updateReply', ({ data }) => toolkit.updateReply(data));
  onCommand('deleteReply', ({ data }) => toolkit.deleteReply(data));
  onCommand('searchMessages', ({ data }) => toolkit.searchMessages(data));
}
