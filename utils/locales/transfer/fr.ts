import type { enTransfer } from './en.ts';

export const frTransfer: Record<keyof typeof enTransfer, string> = {
  'transfer.open': 'Transférer',
  'transfer.title': 'Transférer ce chat',
  'transfer.close': 'Fermer',
  'transfer.toAgent': 'À un agent',
  'transfer.toTeam': 'À une équipe',
  'transfer.agentState': '{name} · {state} · {load}/{capacity} discussions',
  'transfer.online': 'en ligne',
  'transfer.offline': 'hors ligne',
  'transfer.away': 'indisponible',
  'transfer.teamState': '{name} · {ready} prêts',
  'transfer.none': 'Personne à qui transférer.',
  'transfer.note': 'Note pour le destinataire (facultatif)',
  'transfer.send': 'Transférer',
  'transfer.cancel': 'Annuler',
  'transfer.waiting': 'En attente que {name} accepte le transfert…',
  'transfer.declined': '{name} a refusé le transfert. Le chat reste avec vous.',
  'transfer.expired': "Personne n'a accepté le transfert. Le chat reste avec vous.",
  'transfer.dismiss': 'Masquer',
  'offer.transferFrom': 'Transféré par {name}',
  'offer.transferFromNote': 'Transféré par {name} : {note}',
};
