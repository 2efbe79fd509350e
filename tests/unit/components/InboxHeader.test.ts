import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import InboxConnectionBanner from '../../../components/inbox/InboxConnectionBanner.vue';
import InboxHeader from '../../../components/inbox/InboxHeader.vue';
import { useSessionStore } from '../../../stores/session.ts';
import { onCommand } from '../../../utils/messaging.ts';
import { agentItem, connectionItem } from '../../../utils/storage.ts';
import { agent } from '../helpers/fixtures.ts';
import { resetExtension } from '../helpers/reset.ts';

beforeEach(async () => {
  await resetExtension();
  setActivePinia(createPinia());
});

async function mountSignedIn<T>(component: T, available = false) {
  await agentItem.setValue(agent({ available }));
  await useSessionStore().load();
  return mount(component as Parameters<typeof mount>[0]);
}

describe('inbox header', () => {
  it("shows the agent's name and an availability switch reflecting the stored state", async () => {
    const wrapper = await mountSignedIn(InboxHeader, true);
    expect(wrapper.get('[data-testid="agent-name"]').text()).toBe('Ada Agent');
    const toggle = wrapper.get('[data-testid="availability-toggle"]');
    expect(toggle.attributes('role')).toBe('switch');
    expect(toggle.attributes('aria-checked')).toBe('true');

    await agentItem.setValue(agent({ available: false }));
    await vi.waitFor(() => expect(wrapper.get('[data-testid="availability-toggle"]').attributes('aria-checked')).toBe('false'));
  });

  it('clicking the switch asks the background for the opposite availability', async () => {
    const asked: boolean[] = [];
    onCommand('setAvailability', ({ data }) => {
      asked.push(data.available);
      return { ok: true, data: agent({ available: data.available }) };
    });
    const wrapper = await mountSignedIn(InboxHeader, false);

    await wrapper.get('[data-testid="availability-toggle"]').trigger('click');
    await vi.waitFor(() => expect(wrapper.get('[data-testid="availability-toggle"]').attributes('aria-checked')).toBe('true'));
    expect(asked).toEqual([true]);
  });

  it('the connection banner shows while not online and disappears once online', async () => {
    await connectionItem.setValue({ status: 'syncing', since: 1 });
    const wrapper = await mountSignedIn(InboxConnectionBanner);
    expect(wrapper.get('[data-testid="connection-banner"]').text()).toBe('Catching up…');

    await connectionItem.setValue({ status: 'online', since: 2 });
    await vi.waitFor(() => expect(wrapper.find('[data-testid="connection-banner"]').exists()).toBe(false));
    await flushPromises();
  });
});
