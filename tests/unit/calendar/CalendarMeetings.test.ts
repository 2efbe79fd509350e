import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import InboxHeader from '../../../components/inbox/InboxHeader.vue';
import type { MeetingDTO, MeetingSettings } from '../../../protocol/meetings.ts';
import { onCommand } from '../../../utils/messaging.ts';
import { meetingsChangedItem } from '../../../utils/storage.ts';
import { resetExtension } from '../helpers/reset.ts';

const stored: MeetingSettings = {
  timeZone: 'Europe/Stockholm',
  weekly: [{ day: 2, start: '10:00', end: '12:00' }],
  lengthMinutes: 30,
  bufferMinutes: 10,
  takesMeetings: false,
};
const booked: MeetingDTO = {
  id: 'm1',
  agentId: 'agent-1',
  agentName: 'Ada Agent',
  start: Date.parse('2026-11-24T09:00:00Z'),
  end: Date.parse('2026-11-24T09:30:00Z'),
  status: 'booked',
  conversationId: 'conv-1',
  visitorName: 'Vera',
  visitorEmail: 'vera@example.com',
};

beforeEach(async () => {
  await resetExtension();
  setActivePinia(createPinia());
});

async function openScreen(meetings: MeetingDTO[] = [booked]) {
  onCommand('getMeetingSettings', () => ({ ok: true, data: stored }));
  onCommand('listMeetings', () => ({ ok: true, data: meetings }));
  const wrapper = mount(InboxHeader, { attachTo: document.body });
  await wrapper.get('[data-testid="header-menu"]').trigger('click');
  await wrapper.get('[data-testid="open-meetings"]').trigger('click');
  await flushPromises();
  return wrapper;
}

describe('Meetings screen', () => {
  it('opens from the header menu and shows the settings the server has and the booked meetings', async () => {
    const wrapper = await openScreen();
    expect(wrapper.get('[data-testid="meetings-time-zone"]').element).toHaveProperty('value', 'Europe/Stockholm');
    expect(wrapper.get('[data-testid="meetings-length"]').element).toHaveProperty('value', '30');
    expect(wrapper.get('[data-testid="meetings-buffer"]').element).toHaveProperty('value', '10');
    expect(wrapper.get('[data-testid="meetings-takes"]').element).toHaveProperty('checked', false);
    expect(wrapper.get('[data-testid="meeting-day-2"] [data-testid="block-start"]').element).toHaveProperty('value', '10:00');
    const items = wrapper.findAll('[data-testid="meeting-item"]');
    expect(items.map((i) => i.attributes('data-meeting-id'))).toEqual(['m1']);
    expect(items[0]!.text()).toContain('with Vera');
    wrapper.unmount();
  });

  it('saves the edited settings to the server', async () => {
    const saved: MeetingSettings[] = [];
    onCommand('setMeetingSettings', ({ data }) => {
      saved.push(data);
      return { ok: true, data };
    });
    const wrapper = await openScreen();
    await wrapper.get('[data-testid="meetings-takes"]').setValue(true);
    await wrapper.get('[data-testid="meetings-length"]').setValue('45');
    await wrapper.get('[data-testid="save-meetings"]').trigger('click');
    await vi.waitFor(() => expect(wrapper.find('[data-testid="meetings-saved"]').exists()).toBe(true));
    expect(saved).toEqual([{ ...stored, takesMeetings: true, lengthMinutes: 45 }]);
    wrapper.unmount();
  });

  it('does not offer to save a meeting length the server would refuse', async () => {
    const wrapper = await openScreen();
    await wrapper.get('[data-testid="meetings-length"]').setValue('2');
    expect(wrapper.find('[data-testid="meetings-invalid"]').exists()).toBe(true);
    expect(wrapper.get('[data-testid="save-meetings"]').attributes('disabled')).toBeDefined();
    wrapper.unmount();
  });

  it('cancels a booked meeting from the list after a confirmation; Keep and Escape leave it booked', async () => {
    const cancelled: unknown[] = [];
    onCommand('cancelMeeting', ({ data }) => {
      cancelled.push(data);
      return { ok: true, data: { ...booked, status: 'cancelled' } };
    });
    const wrapper = await openScreen();
    const cancelButton = wrapper.get('[data-testid="meeting-cancel"]');
    expect(cancelButton.attributes('aria-label')).toMatch(/^Cancel meeting: /);
    await cancelButton.trigger('click');
    await flushPromises();
    const dialog = wrapper.get('[role="alertdialog"]');
    expect(wrapper.get(`#${dialog.attributes('aria-labelledby')}`).text()).toMatch(/^Cancel the meeting with .+ on .+\? It cannot be undone\.$/);
    expect(document.activeElement?.getAttribute('data-testid')).toBe('meeting-keep');
    await wrapper.get('[data-testid="meeting-keep"]').trigger('click');
    await flushPromises();
    expect(document.activeElement?.getAttribute('data-testid')).toBe('meeting-cancel');
    await wrapper.get('[data-testid="meeting-cancel"]').trigger('click');
    await flushPromises();
    await wrapper.get('[role="alertdialog"]').trigger('keydown', { key: 'Escape' });
    await flushPromises();
    expect(wrapper.find('[role="alertdialog"]').exists()).toBe(false);
    expect(cancelled).toEqual([]);

    await wrapper.get('[data-testid="meeting-cancel"]').trigger('click');
    await flushPromises();
    await wrapper.get('[data-testid="meeting-cancel-ok"]').trigger('click');
    await flushPromises();
    expect(cancelled).toEqual([{ meetingId: 'm1' }]);
    expect(wrapper.find('[data-testid="meeting-item"]').exists()).toBe(false);
    expect(wrapper.find('[data-testid="no-meetings"]').exists()).toBe(true);
    wrapper.unmount();
  });

  it('reloads the list when the background reports a new booking', async () => {
    let list: MeetingDTO[] = [];
    onCommand('getMeetingSettings', () => ({ ok: true, data: stored }));
    onCommand('listMeetings', () => ({ ok: true, data: list }));
    const wrapper = mount(InboxHeader, { attachTo: document.body });
    await wrapper.get('[data-testid="header-menu"]').trigger('click');
    await wrapper.get('[data-testid="open-meetings"]').trigger('click');
    await flushPromises();
    expect(wrapper.find('[data-testid="meeting-item"]').exists()).toBe(false);
    list = [booked];
    await meetingsChangedItem.setValue(Date.now());
    await vi.waitFor(() => expect(wrapper.find('[data-testid="meeting-item"]').exists()).toBe(true));
    wrapper.unmount();
  });
});
