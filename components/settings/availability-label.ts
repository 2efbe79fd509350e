/** The toggle's words: the effective state, and until when and why when that is known. */
import type { AgentDTO } from '../../protocol/dto.ts';
import type { MessageKey } from '../../utils/i18n.ts';

export interface AvailabilityLabel {
  key: MessageKey;
  time?: string;
}

/** The end as the agent reads it: the time alone today, with the weekday on a later day. */
export function formatUntil(until: number, now: number, locale: string): string {
  const sameDay = new Date(until).toDateString() === new Date(now).toDateString();
  const options: Intl.DateTimeFormatOptions = sameDay
    ? { hour: '2-digit', minute: '2-digit' }
    : { weekday: 'short', hour: '2-digit', minute: '2-digit' };
  return new Intl.DateTimeFormat(locale, options).format(until);
}

export function availabilityLabel(
  agent: Pick<AgentDTO, 'available' | 'availabilitySource' | 'availableUntil'>,
  now: number,
  locale: string,
): AvailabilityLabel {
  const state = agent.available ? 'available' : 'unavailable';
  const source = agent.availabilitySource === 'schedule' ? 'Schedule' : 'Manual';
  if (agent.availableUntil !== null && agent.availableUntil !== undefined) {
    return { key: `availability.${state}Until${source}`, time: formatUntil(agent.availableUntil, now, locale) };
  }
  if (agent.availabilitySource === 'schedule') return { key: `availability.${state}Schedule` };
  return { key: agent.available ? 'header.available' : 'header.unavailable' };
}
