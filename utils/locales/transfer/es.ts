import type { enTransfer } from './en.ts';

export const esTransfer: Record<keyof typeof enTransfer, string> = {
  'transfer.open': 'Transferir',
  'transfer.title': 'Transferir este chat',
  'transfer.close': 'Cerrar',
  'transfer.toAgent': 'A un agente',
  'transfer.toTeam': 'A un equipo',
  'transfer.agentState': '{name} · {state} · {load}/{capacity} conversaciones',
  'transfer.online': 'conectado',
  'transfer.offline': 'desconectado',
  'transfer.away': 'no disponible',
  'transfer.teamState': '{name} · {ready} listos',
  'transfer.none': 'No hay nadie a quien transferir.',
  'transfer.note': 'Nota para quien lo recibe (opcional)',
  'transfer.send': 'Transferir',
  'transfer.cancel': 'Cancelar',
  'transfer.waiting': 'Esperando a que {name} acepte la transferencia…',
  'transfer.declined': '{name} rechazó la transferencia. El chat sigue contigo.',
  'transfer.expired': 'Nadie aceptó la transferencia. El chat sigue contigo.',
  'transfer.dismiss': 'Descartar',
  'offer.transferFrom': 'Transferido por {name}',
  'offer.transferFromNote': 'Transferido por {name}: {note}',
};
