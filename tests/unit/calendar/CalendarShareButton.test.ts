import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import CalendarCard from '../../../components/calendar/CalendarCard.vue';
import CalendarShareButton from '../../../components/calendar/CalendarShareButton.vue';
import type { MeetingsShareInput } from '../../../protocol/meetings.ts';
import { useSessionStore } from '../../../stores/session.ts';
import { onCommand } from '../../../utils/messaging.ts';
import { agentItem } from '../../../utils/storage.ts';
import { agent } from '../helpers/fixtures.ts';
import { resetExtension } from '../helpers/reset.ts';

beforeEach(async () => {
  await resetExtension();
  setActivePinia(createPinia());
  await agentItem.setValue(agent({ id: 'agent-1', name: 'Ada Agent' }));
  await useSessionStore().load();
});

describe('calendar sharing in the chat', () => {
  it('opens a picker of calendars with the agent’s own first, and Send shares the one picked', async () => {
    onCommand('listCalendars', () => ({ ok: true, data: [{ agentId: 'agent-1', agentName: 'Ada Agent' }, { agentId: 'agent-2', agentName: 'Bo Berg' }] }));
    const shared: MeetingsShareInput[] = [];
    onCommand('shareCalendar', ({ data }) => {
      shared.push(data);
      return { ok: true, data: null };
    });
    const wrapper = mount(CalendarShareButton, { props: { conversationId: 'conv-1' } });
    expect(wrapper.find('[data-testid="calendar-picker"]').exists()).toBe(false);

    await wrapper.get('[data-testid="calendar-share"]').trigger('click');
    await flushPromises();
    const options = wrapper.findAll('[data-testid="calendar-option"]');
    expect(options.map((o) => [o.attributes('data-agent-id'), o.text()])).toEqual([
      ['agent-1', 'Ada Agent (you)'],
      ['agent-2', 'Bo Berg'],
    ]);
    expect(options[0]!.get('input').element).toHaveProperty('checked', true);

    await options[1]!.get('input').setValue(true);
    await wrapper.get('[data-testid="calendar-send"]').trigger('submit');
    await flushPromises();
    expect(shared).toEqual([{ conversationId: 'conv-1', agentId: 'agent-2' }]);
    expect(wrapper.find('[data-testid="calendar-picker"]').exists()).toBe(false);
  });

  it('says so when nobody takes meetings, with nothing to send', async () => {
    onCommand('listCalendars', () => ({ ok: true, data: [] }));
    const wrapper = mount(CalendarShareButton, { props: { conversationId: 'conv-1' } });
    await wrapper.get('[data-testid="calendar-share"]').trigger('click');
    await flushPromises();
    expect(wrapper.get('[data-testid="calendar-picker"]').text()).toContain('Nobody takes meetings yet.');
    expect(wrapper.get('[data-testid="calendar-send"]').attributes('disabled')).toBeDefined();
  });

  it('cannot be used in an ended chat', () => {
    const wrapper = mount(CalendarShareButton, { props: { conversationId: 'conv-1', disabled: true } });
    expect(wrapper.get('[data-testid="calendar-share"]').attributes('disabled')).toBeDefined();
  });
});

describe('card messages in the agent’s chat', () => {
  it('reads a shared calendar as such', () => {
    const wrapper = mount(CalendarCard, { props: { card: { type: 'calendar', agentId: 'agent-2', agentName: 'Bo Berg' } } });
    expect(wrapper.text()).toContain('Shared the calendar of Bo Berg: the visitor can book a meeting.');
  });

  it('shows a meeting with its state and time', () => {
    const start = Date.parse('2026-11-24T09:00:00Z');
    const card = { type: 'meeting', meetingId: 'm1', agentId: 'agent-2', agentName: 'Bo Berg', start, end: start + 1_800_000 } as const;
    const booked = mount(CalendarCard, { props: { card: { ...card, status: 'booked' } } });
    expect(booked.text()).toContain('Meeting with Bo Berg booked');
    expect(booked.get('time').attributes('datetime')).toBe('2026-11-24T09:00:00.000Z');
    const cancelled = mount(CalendarCard, { props: { card: { ...card, status: 'cancelled' } } });
    expect(cancelled.get('[data-testid="message-card"]').attributes('data-status')).toBe('cancelled');
    expect(cancelled.text()).toContain('Meeting with Bo Berg cancelled');
  });
});
