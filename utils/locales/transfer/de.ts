import type { enTransfer } from './en.ts';

export const deTransfer: Record<keyof typeof enTransfer, string> = {
  'transfer.open': 'Weiterleiten',
  'transfer.title': 'Chat weiterleiten',
  'transfer.close': 'Schließen',
  'transfer.toAgent': 'An einen Mitarbeiter',
  'transfer.toTeam': 'An ein Team',
  'transfer.agentState': '{name} · {state} · {load}/{capacity} Chats',
  'transfer.online': 'verbunden',
  'transfer.offline': 'nicht verbunden',
  'transfer.away': 'nicht verfügbar',
  'transfer.teamState': '{name} · {ready} bereit',
  'transfer.none': 'Niemand, an den weitergeleitet werden kann.',
  'transfer.note': 'Notiz für den Empfänger (optional)',
  'transfer.send': 'Weiterleiten',
  'transfer.cancel': 'Abbrechen',
  'transfer.waiting': 'Warten, bis {name} die Weiterleitung annimmt…',
  'transfer.declined': '{name} hat die Weiterleitung abgelehnt. Der Chat bleibt bei Ihnen.',
  'transfer.expired': 'Niemand hat die Weiterleitung angenommen. Der Chat bleibt bei Ihnen.',
  'transfer.dismiss': 'Ausblenden',
  'offer.transferFrom': 'Weitergeleitet von {name}',
  'offer.transferFromNote': 'Weitergeleitet von {name}: {note}',
};
