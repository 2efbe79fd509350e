import type { enTransfer } from './en.ts';

export const svTransfer: Record<keyof typeof enTransfer, string> = {
  'transfer.open': 'Överför',
  'transfer.title': 'Överför chatten',
  'transfer.close': 'Stäng',
  'transfer.toAgent': 'Till en handläggare',
  'transfer.toTeam': 'Till ett team',
  'transfer.agentState': '{name} · {state} · {load}/{capacity} chattar',
  'transfer.online': 'ansluten',
  'transfer.offline': 'inte ansluten',
  'transfer.away': 'inte tillgänglig',
  'transfer.teamState': '{name} · {ready} redo',
  'transfer.none': 'Ingen att överföra till.',
  'transfer.note': 'Anteckning till mottagaren (valfritt)',
  'transfer.send': 'Överför',
  'transfer.cancel': 'Avbryt',
  'transfer.waiting': 'Väntar på att {name} tar emot överföringen…',
  'transfer.declined': '{name} tackade nej till överföringen. Chatten stannar hos dig.',
  'transfer.expired': 'Ingen tog emot överföringen. Chatten stannar hos dig.',
  'transfer.dismiss': 'Stäng',
  'offer.transferFrom': 'Överförd från {name}',
  'offer.transferFromNote': 'Överförd från {name}: {note}',
};
