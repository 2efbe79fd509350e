import type { AlertMessages } from './en.ts';

export const svAlerts: AlertMessages = {
  'visitor.anonymous': 'Anonym besökare',
  'notification.title': 'Ny chattförfrågan',
  'notification.message': '{name} vill chatta',
  'notification.accept': 'Acceptera',
  'notification.decline': 'Avböj',
  'notification.transferTitle': 'En chatt överförd till dig',
  'notification.transferFrom': 'Överförd från {from}',
  'notification.transferFromNote': 'Överförd från {from}: {note}',
  'notification.acceptFailed': 'Chattförfrågan kunde inte accepteras',
  'notification.declineFailed': 'Chattförfrågan kunde inte avböjas',
  'notification.failedOffline': 'Ingen anslutning till servern. Öppna Switchboard för att försöka igen.',
  'notification.failedEnded': 'Förfrågan har redan avslutats.',
  'notification.failedOther': 'Öppna Switchboard för att försöka igen.',
  'notification.messageTitle': 'Nytt meddelande från {name}',
  'meetings.notificationTitle': 'Möte bokat',
  'meetings.notificationMessage': '{name} har bokat ett möte med dig: {when}',
};
