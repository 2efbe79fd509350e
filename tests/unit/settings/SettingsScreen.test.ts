import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import InboxHeader from '../../../components/inbox/InboxHeader.vue';
import type { Schedule, ScheduleSetInput } from '../../../protocol/routing.ts';
import { useSessionStore } from '../../../stores/session.ts';
import { onCommand } from '../../../utils/messaging.ts';
import { agentItem } from '../../../utils/storage.ts';
import { agent } from '../helpers/fixtures.ts';
import { resetExtension } from '../helpers/reset.ts';

beforeEach(async () => {
  await resetExtension();
  setActivePinia(createPinia());
});

const stored: Schedule = {
  timeZone: 'Europe/Stockholm',
  weekly: [{ day: 1, start: '09:00', end: '17:00' }],
  exceptions: [],
};

async function mountHeader() {
  await agentItem.setValue(agent({ available: true }));
  await useSessionStore().load();
  return mount(InboxHeader, { attachTo: document.body });
}

describe('settings screen', () => {
  it('opens from the header and shows the schedule the server has', async () => {
    onCommand('getSchedule', () => ({ ok: true, data: stored }));
    const wrapper = await mountHeader();
    await wrapper.get('[data-testid="open-settings"]').trigger('click');
    await flushPromises();
    expect(wrapper.get('[data-testid="time-zone"]').element).toHaveProperty('value', 'Europe/Stockholm');
    const monday = wrapper.get('[data-testid="day-1"]');
    expect(monday.get('[data-testid="block-start"]').element).toHaveProperty('value', '09:00');
    expect(monday.get('[data-testid="block-end"]').element).toHaveProperty('value', '17:00');
    expect(wrapper.get('[data-testid="day-2"]').text()).toContain('Not available');
    wrapper.unmount();
  });

  it('adds a second block to a day and a day off, and saves them to the server', async () => {
    onCommand('getSchedule', () => ({ ok: true, data: stored }));
    const saved: ScheduleSetInput[] = [];
    onCommand('setSchedule', ({ data }) => {
      saved.push(data);
      return { ok: true, data: agent({ available: true, availabilitySource: 'schedule', availableUntil: null }) };
    });
    const wrapper = await mountHeader();
    await wrapper.get('[data-testid="open-settings"]').trigger('click');
    await flushPromises();

    await wrapper.get('[data-testid="day-1"] [data-testid="add-block"]').trigger('click');
    await wrapper.get('[data-testid="add-exception"]').trigger('click');
    await wrapper.get('[data-testid="exception-date"]').setValue('2026-12-24');
    await wrapper.get('[data-testid="save-schedule"]').trigger('click');
    await vi.waitFor(() => expect(wrapper.find('[data-testid="schedule-saved"]').exists()).toBe(true));

    expect(saved).toEqual([
      {
        schedule: {
          timeZone: 'Europe/Stockholm',
          weekly: [
            { day: 1, start: '09:00', end: '17:00' },
            { day: 1, start: '17:00', end: '18:00' },
          ],
          exceptions: [{ date: '2026-12-24', blocks: [] }],
        },
      },
    ]);
    wrapper.unmount();
  });

  it('will not save a block that ends before it starts', async () => {
    onCommand('getSchedule', () => ({ ok: true, data: null }));
    const wrapper = await mountHeader();
    await wrapper.get('[data-testid="open-settings"]').trigger('click');
    await flushPromises();
    expect(wrapper.find('[data-testid="no-schedule"]').exists()).toBe(true);
    await wrapper.get('[data-testid="day-3"] [data-testid="add-block"]').trigger('click');
    await wrapper.get('[data-testid="day-3"] [data-testid="block-end"]').setValue('08:00');
    expect(wrapper.find('[data-testid="schedule-invalid"]').exists()).toBe(true);
    expect(wrapper.get('[data-testid="save-schedule"]').attributes('disabled')).toBeDefined();
    wrapper.unmount();
  });

  it('the toggle says until when and why', async () => {
    const until = new Date();
    until.setHours(23, 0, 0, 0);
    await agentItem.setValue(agent({ available: false, availabilitySource: 'manual', availableUntil: until.getTime() }));
    await useSessionStore().load();
    const wrapper = mount(InboxHeader);
    expect(wrapper.get('[data-testid="availability-label"]').text()).toMatch(/^Unavailable until (23:00|11:00 PM) \(set by you\)$/);
  });

  it('names each "Add hours" button after its weekday', async () => {
    onCommand('getSchedule', () => ({ ok: true, data: stored }));
    const wrapper = await mountHeader();
    await wrapper.get('[data-testid="open-settings"]').trigger('click');
    await flushPromises();
    const names = [1, 2, 3, 4, 5, 6, 7].map((day) => wrapper.get(`[data-testid="day-${day}"] [data-testid="add-block"]`).attributes('aria-label'));
    expect(names).toEqual(['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'].map((day) => `${day}: Add hours`));
    wrapper.unmount();
  });
});
