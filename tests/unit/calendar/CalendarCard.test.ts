import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import CalendarCard from '../../../components/calendar/CalendarCard.vue';

/** Any emoji (pictographs and the symbols Chrome draws from an emoji font). */
const EMOJI = /\p{Extended_Pictographic}/u;

describe('CalendarCard', () => {
  it('draws its calendar icon as an inline SVG hidden from screen readers, with no emoji that needs an emoji font', () => {
    const cards = [
      mount(CalendarCard, { props: { card: { type: 'calendar', agentId: 'a1', agentName: 'Bo Berg' } } }),
      mount(CalendarCard, {
        props: { card: { type: 'meeting', meetingId: 'm1', agentId: 'a1', agentName: 'Bo Berg', start: 0, end: 1_800_000, status: 'booked' } },
      }),
    ];
    for (const card of cards) {
      expect(card.text()).not.toMatch(EMOJI);
      const icon = card.get('svg');
      expect(icon.attributes('aria-hidden')).toBe('true');
      expect(icon.find('path').attributes('fill')).toBe('currentColor');
    }
  });
});
