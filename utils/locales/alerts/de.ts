import type { AlertMessages } from './en.ts';

export const deAlerts: AlertMessages = {
  'visitor.anonymous': 'Anonymer Besucher',
  'notification.title': 'Neue Chat-Anfrage',
  'notification.message': '{name} möchte chatten',
  'notification.accept': 'Annehmen',
  'notification.decline': 'Ablehnen',
  'notification.transferTitle': 'Chat an Sie weitergeleitet',
  'notification.transferFrom': 'Weitergeleitet von {from}',
  'notification.transferFromNote': 'Weitergeleitet von {from}: {note}',
  'notification.acceptFailed': 'Die Chat-Anfrage konnte nicht angenommen werden',
  'notification.declineFailed': 'Die Chat-Anfrage konnte nicht abgelehnt werden',
  'notification.failedOffline': 'Keine Verbindung zum Server. Öffnen Sie Switchboard, um es erneut zu versuchen.',
  'notification.failedEnded': 'Die Anfrage ist bereits beendet.',
  'notification.failedOther': 'Öffnen Sie Switchboard, um es erneut zu versuchen.',
  'notification.messageTitle': 'Neue Nachricht von {name}',
  'meetings.notificationTitle': 'Termin gebucht',
  'meetings.notificationMessage': '{name} hat einen Termin mit Ihnen gebucht: {when}',
};
