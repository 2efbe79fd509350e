import type { AlertMessages } from './en.ts';

export const esAlerts: AlertMessages = {
  'visitor.anonymous': 'Visitante anónimo',
  'notification.title': 'Nueva solicitud de chat',
  'notification.message': '{name} quiere chatear',
  'notification.accept': 'Aceptar',
  'notification.decline': 'Rechazar',
  'notification.transferTitle': 'Te han transferido un chat',
  'notification.transferFrom': 'Transferido por {from}',
  'notification.transferFromNote': 'Transferido por {from}: {note}',
  'notification.acceptFailed': 'No se pudo aceptar la solicitud de chat',
  'notification.declineFailed': 'No se pudo rechazar la solicitud de chat',
  'notification.failedOffline': 'Sin conexión con el servidor. Abre Switchboard para volver a intentarlo.',
  'notification.failedEnded': 'La solicitud ya ha terminado.',
  'notification.failedOther': 'Abre Switchboard para volver a intentarlo.',
  'notification.messageTitle': 'Nuevo mensaje de {name}',
  'meetings.notificationTitle': 'Reunión reservada',
  'meetings.notificationMessage': '{name} ha reservado una reunión con usted: {when}',
};
