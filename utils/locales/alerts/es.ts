import type { AlertMessages } from './en.ts';

export const esAlerts: AlertMessages = {
  'visitor.anonymous': 'Visitante anónimo',
  'notification.title': 'Nueva solicitud de chat',
  'notification.message': '{name} quiere chatear',
  'notification.accept': 'Aceptar',
  'notification.decline': 'Rechazar',
  'notification.messageTitle': 'Nuevo mensaje de {name}',
  'meetings.notificationTitle': 'Reunión reservada',
  'meetings.notificationMessage': '{name} ha reservado una reunión con usted: {when}',
};
