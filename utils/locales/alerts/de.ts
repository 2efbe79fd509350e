import type { AlertMessages } from './en.ts';

export const deAlerts: AlertMessages = {
  'visitor.anonymous': 'Anonymer Besucher',
  'notification.title': 'Neue Chat-Anfrage',
  'notification.message': '{name} möchte chatten',
  'notification.accept': 'Annehmen',
  'notification.decline': 'Ablehnen',
  'notification.messageTitle': 'Neue Nachricht von {name}',
  'meetings.notificationTitle': 'Termin gebucht',
  'meetings.notificationMessage': '{name} hat einen Termin mit Ihnen gebucht: {when}',
};
