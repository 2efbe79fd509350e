import type { AlertMessages } from './en.ts';

export const frAlerts: AlertMessages = {
  'visitor.anonymous': 'Visiteur anonyme',
  'notification.title': 'Nouvelle demande de chat',
  'notification.message': '{name} souhaite discuter',
  'notification.accept': 'Accepter',
  'notification.decline': 'Refuser',
  'notification.transferTitle': 'Un chat vous est transféré',
  'notification.transferFrom': 'Transféré par {from}',
  'notification.transferFromNote': 'Transféré par {from} : {note}',
  'notification.acceptFailed': 'Impossible d’accepter la demande de chat',
  'notification.declineFailed': 'Impossible de refuser la demande de chat',
  'notification.failedOffline': 'Pas de connexion au serveur. Ouvrez Switchboard pour réessayer.',
  'notification.failedEnded': 'La demande est déjà terminée.',
  'notification.failedOther': 'Ouvrez Switchboard pour réessayer.',
  'notification.messageTitle': 'Nouveau message de {name}',
  'meetings.notificationTitle': 'Rendez-vous réservé',
  'meetings.notificationMessage': '{name} a réservé un rendez-vous avec vous : {when}',
};
