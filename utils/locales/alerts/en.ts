/**
 * The texts the background worker shows (notifications), kept apart from the side panel's so the
 * worker's bundle carries only these. Every language's table spreads its alert table in.
 */
export const enAlerts = {
  'visitor.anonymous': 'Anonymous visitor',
  'notification.title': 'New chat request',
  'notification.message': '{name} wants to chat',
  'notification.accept': 'Accept',
  'notification.decline': 'Decline',
  'notification.transferTitle': 'Chat transferred to you',
  'notification.transferFrom': 'Transfer from {from}',
  'notification.transferFromNote': 'Transfer from {from}: {note}',
  'notification.acceptFailed': 'Could not accept the chat request',
  'notification.declineFailed': 'Could not decline the chat request',
  'notification.failedOffline': 'No connection to the server. Open Switchboard to try again.',
  'notification.failedEnded': 'The request has already ended.',
  'notification.failedOther': 'Open Switchboard to try again.',
  'notification.messageTitle': 'New message from {name}',
  'meetings.notificationTitle': 'Meeting booked',
  'meetings.notificationMessage': '{name} booked a meeting with you: {when}',
};

export type AlertKey = keyof typeof enAlerts;
export type AlertMessages = Record<AlertKey, string>;
