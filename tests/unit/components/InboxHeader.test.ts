import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
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

  it('the switch is named "Available for chats" and described by its visible label, which screen readers then announce', async () => {
    const until = new Date();
    until.setHours(17, 0, 0, 0);
    await agentItem.setValue(agent({ available: true, availabilitySource: 'schedule', availableUntil: until.getTime() }));
    await useSessionStore().load();
    const wrapper = mount(InboxHeader, { attachTo: document.body });
    const toggle = wrapper.get('[data-testid="availability-toggle"]');
    const byId = (attribute: string) => document.getElementById(toggle.attributes(attribute)!)?.textContent?.trim();

    expect(toggle.attributes('aria-label')).toBeUndefined();
    expect(byId('aria-labelledby')).toBe('Available for chats');
    const visible = wrapper.get('[data-testid="availability-label"]').text();
    expect(visible).toMatch(/^Available until .+ \(schedule\)/);
    expect(byId('aria-describedby')).toBe(visible);
    wrapper.unmount();
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

  it('keeps Meetings, Settings, Saved replies and Sign out in a menu and shows the full name, also as a tooltip', async () => {
    await agentItem.setValue(agent({ name: 'Annemarie Schwarzenberger-Hohenstein' }));
    await useSessionStore().load();
    const wrapper = mount(InboxHeader, { attachTo: document.body });
    const name = wrapper.get('[data-testid="agent-name"]');
    expect(name.text()).toBe('Annemarie Schwarzenberger-Hohenstein');
    expect(name.attributes('title')).toBe('Annemarie Schwarzenberger-Hohenstein');
    const menu = wrapper.get('[data-testid="header-menu"]');
    expect(menu.attributes('aria-haspopup')).toBe('menu');
    expect(wrapper.get('[role="menu"]').isVisible()).toBe(false);

    await menu.trigger('click');
    const entries = wrapper.findAll('[role="menuitem"]');
    expect(entries.map((e) => e.attributes('data-testid'))).toEqual(['open-meetings', 'open-settings', 'open-saved-replies', 'sign-out']);
    expect(entries.map((e) => e.text())).toEqual(['Meetings', 'Settings', 'Saved replies', 'Sign out']);
    wrapper.unmount();
  });

  it('offers the Admin console to an admin only, and opens it in a tab', async () => {
    const wrapper = await mountSignedIn(InboxHeader);
    await wrapper.get('[data-testid="header-menu"]').trigger('click');
    expect(wrapper.find('[data-testid="open-admin"]').exists()).toBe(false);
    wrapper.unmount();

    await agentItem.setValue(agent({ role: 'admin' }));
    await useSessionStore().load();
    const admin = mount(InboxHeader, { attachTo: document.body });
    await admin.get('[data-testid="header-menu"]').trigger('click');
    expect(admin.get('[data-testid="open-admin"]').text()).toBe('Admin console');
    await admin.get('[data-testid="open-admin"]').trigger('click');
    await vi.waitFor(async () => expect((await fakeBrowser.tabs.query({})).map((tab) => tab.url)).toContain('chrome-extension://test-extension-id/admin.html'));
    admin.unmount();
  });

  it('Sign out in the menu signs the agent out', async () => {
    let asked = 0;
    onCommand('signOut', () => {
      asked++;
      return { ok: true, data: null };
    });
    const wrapper = await mountSignedIn(InboxHeader);
    await wrapper.get('[data-testid="header-menu"]').trigger('click');
    await wrapper.get('[data-testid="sign-out"]').trigger('click');
    await vi.waitFor(() => expect(useSessionStore().signedIn).toBe(false));
    expect(asked).toBe(1);
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
