import type { AlertMessages } from './en.ts';

export const nlAlerts: AlertMessages = {
  'visitor.anonymous': 'Anonieme bezoeker',
  'notification.title': 'Nieuw chatverzoek',
  'notification.message': '{name} wil chatten',
  'notification.accept': 'Accepteren',
  'notification.decline': 'Weigeren',
  'notification.messageTitle': 'Nieuw bericht van {name}',
  'meetings.notificationTitle': 'Afspraak geboekt',
  'meetings.notificationMessage': '{name} heeft een afspraak met u geboekt: {when}',
};
