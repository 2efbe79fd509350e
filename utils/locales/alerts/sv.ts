import type { AlertMessages } from './en.ts';

export const svAlerts: AlertMessages = {
  'visitor.anonymous': 'Anonym besökare',
  'notification.title': 'Ny chattförfrågan',
  'notification.message': '{name} vill chatta',
  'notification.accept': 'Acceptera',
  'notification.decline': 'Avböj',
  'notification.messageTitle': 'Nytt meddelande från {name}',
  'meetings.notificationTitle': 'Möte bokat',
  'meetings.notificationMessage': '{name} har bokat ett möte med dig: {when}',
};
