import type { AlertMessages } from './en.ts';

export const nlAlerts: AlertMessages = {
  'visitor.anonymous': 'Anonieme bezoeker',
  'notification.title': 'Nieuw chatverzoek',
  'notification.message': '{name} wil chatten',
  'notification.accept': 'Accepteren',
  'notification.decline': 'Weigeren',
  'notification.transferTitle': 'Chat naar u doorverbonden',
  'notification.transferFrom': 'Doorverbonden door {from}',
  'notification.transferFromNote': 'Doorverbonden door {from}: {note}',
  'notification.acceptFailed': 'Het chatverzoek kon niet worden aangenomen',
  'notification.declineFailed': 'Het chatverzoek kon niet worden afgewezen',
  'notification.failedOffline': 'Geen verbinding met de server. Open Switchboard om het opnieuw te proberen.',
  'notification.failedEnded': 'Het verzoek is al afgelopen.',
  'notification.failedOther': 'Open Switchboard om het opnieuw te proberen.',
  'notification.messageTitle': 'Nieuw bericht van {name}',
  'meetings.notificationTitle': 'Afspraak geboekt',
  'meetings.notificationMessage': '{name} heeft een afspraak met u geboekt: {when}',
};
