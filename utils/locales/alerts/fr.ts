import type { AlertMessages } from './en.ts';

export const frAlerts: AlertMessages = {
  'visitor.anonymous': 'Visiteur anonyme',
  'notification.title': 'Nouvelle demande de chat',
  'notification.message': '{name} souhaite discuter',
  'notification.accept': 'Accepter',
  'notification.decline': 'Refuser',
  'notification.messageTitle': 'Nouveau message de {name}',
  'meetings.notificationTitle': 'Rendez-vous réservé',
  'meetings.notificationMessage': '{name} a réservé un rendez-vous avec vous : {when}',
};
