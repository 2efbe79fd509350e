import type { enTransfer } from './en.ts';

export const nlTransfer: Record<keyof typeof enTransfer, string> = {
  'transfer.open': 'Doorverbinden',
  'transfer.title': 'Chat doorverbinden',
  'transfer.close': 'Sluiten',
  'transfer.toAgent': 'Naar een medewerker',
  'transfer.toTeam': 'Naar een team',
  'transfer.agentState': '{name} · {state} · {load}/{capacity} gesprekken',
  'transfer.online': 'verbonden',
  'transfer.offline': 'niet verbonden',
  'transfer.away': 'niet beschikbaar',
  'transfer.teamState': '{name} · {ready} klaar',
  'transfer.none': 'Niemand om naar door te verbinden.',
  'transfer.note': 'Notitie voor de ontvanger (optioneel)',
  'transfer.send': 'Doorverbinden',
  'transfer.cancel': 'Annuleren',
  'transfer.waiting': 'Wachten tot {name} de chat aanneemt…',
  'transfer.declined': '{name} heeft de doorverbinding geweigerd. De chat blijft bij u.',
  'transfer.expired': 'Niemand heeft de doorverbinding aangenomen. De chat blijft bij u.',
  'transfer.dismiss': 'Sluiten',
  'offer.transferFrom': 'Doorverbonden door {name}',
  'offer.transferFromNote': 'Doorverbonden door {name}: {note}',
};
