import { flushPromises, mount } from '@vue/test-utils';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import AdminPeople from '../../../components/admin/AdminPeople.vue';
import AdminSettings from '../../../components/admin/AdminSettings.vue';
import type { RoutingSettings } from '../../../protocol/routing.ts';
import { resetExtension } from '../helpers/reset.ts';
import { adminAgent, fakeAdminServer } from './helpers.ts';

beforeEach(async () => {
  await resetExtension();
});

const SETTINGS: RoutingSettings = {
  fallbackMessage: null,
  fallbackMessages: { en: 'Sorry', de: 'Leider', sv: 'Tyvärr', nl: 'Helaas', es: 'Lo siento', fr: 'Désolé' },
  fallbackBooking: false,
  maxOffers: 5,
  maxWaitMs: 600_000,
  queueMaxWaitMs: 600_000,
  offerTimeoutMs: 45_000,
  idleTimeoutMs: 600_000,
  maxChatsPerAgent: 10,
};

const value = (wrapper: ReturnType<typeof mount>, id: string) => (wrapper.get(`[data-testid="${id}"]`).element as HTMLInputElement).value;

describe('settings: offer timeout, idle timeout, chats per agent', () => {
  it('shows the offer timeout in seconds, the idle timeout in minutes and the chats per agent, each with its range', () => {
    fakeAdminServer({});
    const wrapper = mount(AdminSettings, { props: { settings: SETTINGS } });
    expect(value(wrapper, 'settings-offer-timeout')).toBe('45');
    expect(value(wrapper, 'settings-idle-timeout')).toBe('10');
    expect(value(wrapper, 'settings-capacity')).toBe('10');
    expect(wrapper.get('[data-testid="settings-offer-timeout"]').element.closest('label')!.textContent).toContain('Time to accept an offer (seconds)');
    expect(wrapper.text()).toContain('time to accept an offer: 10 to 600 seconds');
    expect(wrapper.text()).toContain('idle timeout: 1 to 1440 minutes');
    expect(wrapper.text()).toContain('chats per agent: 1 to 50');
  });

  it('sends only the changed ones, converted to ms', async () => {
    const sent = fakeAdminServer({ 'admin:settings:update': () => ({ ok: true, data: SETTINGS }) });
    const wrapper = mount(AdminSettings, { props: { settings: SETTINGS } });
    await wrapper.get('[data-testid="settings-offer-timeout"]').setValue('30');
    await wrapper.get('[data-testid="settings-idle-timeout"]').setValue('15');
    await wrapper.get('[data-testid="settings-capacity"]').setValue('4');
    await wrapper.get('[data-testid="settings-form"]').trigger('submit');
    await vi.waitFor(() => expect(wrapper.find('[data-testid="settings-saved"]').exists()).toBe(true));
    expect(sent).toEqual([{ event: 'admin:settings:update', data: { offerTimeoutMs: 30_000, idleTimeoutMs: 900_000, maxChatsPerAgent: 4 } }]);
  });

  it('names each value out of range with its range, sends nothing and keeps every value typed', async () => {
    const sent = fakeAdminServer({});
    const wrapper = mount(AdminSettings, { props: { settings: SETTINGS } });
    await wrapper.get('[data-testid="settings-offer-timeout"]').setValue('5');
    await wrapper.get('[data-testid="settings-idle-timeout"]').setValue('');
    await wrapper.get('[data-testid="settings-capacity"]').setValue('51');
    await wrapper.get('[data-testid="settings-max-offers"]').setValue('7');
    await wrapper.get('[data-testid="settings-form"]').trigger('submit');
    await flushPromises();
    expect(wrapper.get('[data-testid="settings-error"]').text()).toBe(
      'Please check: time to accept an offer: 10 to 600 seconds, idle timeout: 1 to 1440 minutes, chats per agent: 1 to 50.',
    );
    expect(sent).toEqual([]);
    expect([value(wrapper, 'settings-offer-timeout'), value(wrapper, 'settings-idle-timeout'), value(wrapper, 'settings-capacity'), value(wrapper, 'settings-max-offers')]).toEqual(['5', '', '51', '7']);
  });

  it('a default from the environment outside the ranges is not sent while unchanged', async () => {
    const sent = fakeAdminServer({ 'admin:settings:update': () => ({ ok: true, data: SETTINGS }) });
    const wrapper = mount(AdminSettings, { props: { settings: { ...SETTINGS, offerTimeoutMs: 5_000, maxChatsPerAgent: 200 } } });
    await wrapper.get('[data-testid="settings-max-offers"]').setValue('3');
    await wrapper.get('[data-testid="settings-form"]').trigger('submit');
    await vi.waitFor(() => expect(wrapper.find('[data-testid="settings-saved"]').exists()).toBe(true));
    expect(sent).toEqual([{ event: 'admin:settings:update', data: { maxOffers: 3 } }]);
  });
});

describe('People: an agent’s own capacity', () => {
  async function mountPeople() {
    const wrapper = mount(AdminPeople, { props: { selfId: 'me' }, attachTo: document.body });
    await vi.waitFor(() => expect(wrapper.find('[data-testid="people-table"]').exists()).toBe(true));
    return wrapper;
  }

  it('marks an agent with a capacity of their own; the field starts empty for one who takes the default', async () => {
    fakeAdminServer({
      'admin:agents:list': () => ({
        ok: true,
        data: [adminAgent(), adminAgent({ id: 'b', email: 'bo@example.com', name: 'Bo', activeChats: 1, capacity: 2, maxChats: 2 })],
      }),
    });
    const wrapper = await mountPeople();
    const load = (email: string) => wrapper.get(`[data-testid="agent-row-${email}"] [data-testid="agent-load"]`).text();
    expect(load('ada@example.com')).toBe('3/10');
    expect(load('bo@example.com')).toBe('1/2 (own limit)');
    // the cell's text itself, untrimmed
    const cell = (email: string) => wrapper.get(`[data-testid="agent-row-${email}"] [data-testid="agent-load"]`).element.textContent;
    expect([cell('ada@example.com'), cell('bo@example.com')]).toEqual(['3/10', '1/2 (own limit)']);
    await wrapper.get('[data-testid="agent-row-ada@example.com"] [data-testid="agent-edit"]').trigger('click');
    const field = wrapper.get('[data-testid="agent-edit-capacity"]');
    expect((field.element as HTMLInputElement).value).toBe('');
    expect(field.attributes('placeholder')).toBe('Default');
    wrapper.unmount();
  });

  it('sets an own capacity, and emptying the field sends null (back to the default); a rename alone leaves it out', async () => {
    const bo = adminAgent({ id: 'b', email: 'bo@example.com', name: 'Bo', activeChats: 1, capacity: 2, maxChats: 2 });
    const sent = fakeAdminServer({
      'admin:agents:list': () => ({ ok: true, data: [adminAgent(), bo] }),
      'admin:agents:update': (input: { agentId: string; maxChats?: number | null }) => ({
        ok: true,
        data: input.agentId === 'a1' ? adminAgent({ maxChats: input.maxChats ?? null, capacity: input.maxChats ?? 10 }) : { ...bo, maxChats: null, capacity: 10 },
      }),
    });
    const wrapper = await mountPeople();
    const row = (email: string) => wrapper.get(`[data-testid="agent-row-${email}"]`);

    await row('ada@example.com').get('[data-testid="agent-edit"]').trigger('click');
    await wrapper.get('[data-testid="agent-edit-capacity"]').setValue('3');
    await wrapper.get('[data-testid="agent-edit-save"]').trigger('click');
    await vi.waitFor(() => expect(row('ada@example.com').get('[data-testid="agent-load"]').text()).toBe('3/3 (own limit)'));

    await row('bo@example.com').get('[data-testid="agent-edit"]').trigger('click');
    expect((wrapper.get('[data-testid="agent-edit-capacity"]').element as HTMLInputElement).value).toBe('2');
    await wrapper.get('[data-testid="agent-edit-capacity"]').setValue('');
    await wrapper.get('[data-testid="agent-edit-save"]').trigger('click');
    await vi.waitFor(() => expect(row('bo@example.com').get('[data-testid="agent-load"]').text()).toBe('1/10'));

    await row('bo@example.com').get('[data-testid="agent-edit"]').trigger('click');
    await wrapper.get('[data-testid="agent-edit-name"]').setValue('Bo B');
    await wrapper.get('[data-testid="agent-edit-save"]').trigger('click');
    await flushPromises();

    expect(sent.filter((s) => s.event === 'admin:agents:update').map((s) => s.data)).toEqual([
      { agentId: 'a1', name: 'Ada Agent', role: 'agent', maxChats: 3 },
      { agentId: 'b', name: 'Bo', role: 'agent', maxChats: null },
      { agentId: 'b', name: 'Bo B', role: 'agent' },
    ]);
    wrapper.unmount();
  });

  it('refuses an own capacity out of range before sending, names the range and keeps what was typed', async () => {
    const sent = fakeAdminServer({ 'admin:agents:list': () => ({ ok: true, data: [adminAgent()] }) });
    const wrapper = await mountPeople();
    await wrapper.get('[data-testid="agent-edit"]').trigger('click');
    await wrapper.get('[data-testid="agent-edit-capacity"]').setValue('0');
    await wrapper.get('[data-testid="agent-edit-save"]').trigger('click');
    await flushPromises();
    expect(wrapper.get('[data-testid="agent-row-error"]').text()).toBe('Please check: own limit: 1 to 50 chats, or empty for the default.');
    expect(sent.filter((s) => s.event === 'admin:agents:update')).toEqual([]);
    expect((wrapper.get('[data-testid="agent-edit-capacity"]').element as HTMLInputElement).value).toBe('0');
    wrapper.unmount();
  });
});
