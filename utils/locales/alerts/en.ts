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
  'notification.messageTitle': 'New message from {name}',
  'meetings.notificationTitle': 'Meeting booked',
  'meetings.notificationMessage': '{name} booked a meeting with you: {when}',
};

export type AlertKey = keyof typeof enAlerts;
export type AlertMessages = Record<AlertKey, string>;
