import { flushPromises, mount } from '@vue/test-utils';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import AdminSites from '../../../components/admin/AdminSites.vue';
import type { SiteOriginsDTO } from '../../../protocol/admin.ts';
import type { RoutingConfigDTO } from '../../../protocol/routing.ts';
import type { CommandResult } from '../../../utils/messaging.ts';
import { resetExtension } from '../helpers/reset.ts';
import { fakeAdminServer, type AdminHandlers } from './helpers.ts';

beforeEach(async () => {
  await resetExtension();
});

const ADDED_AT = Date.UTC(2025, 2, 1, 12);
const ORIGINS: SiteOriginsDTO = {
  fromServer: ['https://www.example.com'],
  added: [{ pattern: 'https://*.shop.example', addedAt: ADDED_AT }],
};
const ROUTING = { sites: [], teams: [], rules: [], accounts: [] } as unknown as RoutingConfigDTO;

/** The server with the Sites page's two reads answered, and whatever else the test needs. */
function server(handlers: AdminHandlers = {}) {
  return fakeAdminServer({
    'admin:routing:get': () => ({ ok: true, data: ROUTING }),
    'admin:origins:get': () => ({ ok: true, data: ORIGINS }),
    ...handlers,
  });
}

async function mountSites() {
  const wrapper = mount(AdminSites, { attachTo: document.body });
  await vi.waitFor(() => expect(wrapper.find('[data-testid="origin-form"]').exists()).toBe(true));
  return wrapper;
}

const inputOf = (wrapper: Awaited<ReturnType<typeof mountSites>>) => wrapper.get('[data-testid="origin-input"]').element as HTMLInputElement;

describe('the Sites page’s allowed websites', () => {
  it('lists the server’s sites read-only and the added ones with a Remove button naming the site', async () => {
    server();
    const wrapper = await mountSites();
    const fromServer = wrapper.get('[data-testid="origin-server-https://www.example.com"]');
    expect(fromServer.text()).toContain('https://www.example.com');
    expect(fromServer.get('[data-testid="origin-source"]').text()).toBe('Server setting (SITE_ORIGINS)');
    expect(fromServer.find('button').exists()).toBe(false);
    expect(wrapper.get('[data-testid="origins-server-hint"]').text()).toContain('can only be changed there');

    const added = wrapper.get('[data-testid="origin-added-https://*.shop.example"]');
    expect(added.get('[data-testid="origin-source"]').text()).toMatch(/^Added here on .+/);
    expect(added.get('[data-testid="origin-remove"]').attributes('aria-label')).toBe('Remove: https://*.shop.example');
    expect(wrapper.findAll('[data-testid="origin-remove"]')).toHaveLength(1);
    expect(wrapper.find('[data-testid="origins-empty"]').exists()).toBe(false);
    // the server's own setting is still mentioned
    expect(wrapper.get('[data-testid="origins-server-note"]').text()).toContain('SITE_ORIGINS');
    wrapper.unmount();
  });

  it('says when no site has been added here', async () => {
    server({ 'admin:origins:get': () => ({ ok: true, data: { fromServer: ['https://www.example.com'], added: [] } }) });
    const wrapper = await mountSites();
    expect(wrapper.get('[data-testid="origins-empty"]').text()).toBe('No websites have been added here yet.');
    expect(wrapper.find('[data-testid="origin-remove"]').exists()).toBe(false);
    wrapper.unmount();
  });

  it('adds a site trimmed, in lower case and without the final / of a copied address, shows the answer’s list and empties the field', async () => {
    const answer: SiteOriginsDTO = { ...ORIGINS, added: [...ORIGINS.added, { pattern: 'https://shop.example.com', addedAt: ADDED_AT }] };
    let release: () => void = () => undefined;
    const sent = server({
      'admin:origins:add': () => new Promise<CommandResult<SiteOriginsDTO>>((resolve) => (release = () => resolve({ ok: true, data: answer }))),
    });
    const wrapper = await mountSites();
    await wrapper.get('[data-testid="origin-input"]').setValue('  HTTPS://Shop.Example.COM/ ');
    await wrapper.get('[data-testid="origin-form"]').trigger('submit');
    // the buttons wait while the call runs
    await vi.waitFor(() => expect(wrapper.get('[data-testid="origin-add"]').attributes('disabled')).toBeDefined());
    expect(wrapper.get('[data-testid="origin-remove"]').attributes('disabled')).toBeDefined();
    release();
    await vi.waitFor(() => expect(wrapper.find('[data-testid="origin-added-https://shop.example.com"]').exists()).toBe(true));
    expect(sent.filter((s) => s.event === 'admin:origins:add')).toEqual([{ event: 'admin:origins:add', data: { pattern: 'https://shop.example.com' } }]);
    expect(inputOf(wrapper).value).toBe('');
    expect(wrapper.find('[data-testid="origin-add-error"]').exists()).toBe(false);
    expect(wrapper.get('[data-testid="origin-add"]').attributes('disabled')).toBeUndefined();
    wrapper.unmount();
  });

  it('sends a host typed in Unicode the way browsers send it', async () => {
    const sent = server({ 'admin:origins:add': () => ({ ok: true, data: ORIGINS }) });
    const wrapper = await mountSites();
    await wrapper.get('[data-testid="origin-input"]').setValue('https://Bücher.example/');
    await wrapper.get('[data-testid="origin-form"]').trigger('submit');
    await vi.waitFor(() => expect(sent.filter((s) => s.event === 'admin:origins:add')).toHaveLength(1));
    expect(sent.find((s) => s.event === 'admin:origins:add')!.data).toEqual({ pattern: 'https://xn--bcher-kva.example' });
    expect(wrapper.find('[data-testid="origin-add-error"]').exists()).toBe(false);
    wrapper.unmount();
  });

  it('refuses an address that is not a site before sending, with an example, and keeps what was typed', async () => {
    const sent = server({ 'admin:origins:add': () => ({ ok: true, data: ORIGINS }) });
    const wrapper = await mountSites();
    for (const typed of ['shop.example.com', 'https://shop.example.com/cart', 'https://shop.example.com//', 'https://shop.example.com:443', 'https://*']) {
      await wrapper.get('[data-testid="origin-input"]').setValue(typed);
      await wrapper.get('[data-testid="origin-form"]').trigger('submit');
      await flushPromises();
      const error = wrapper.get('[data-testid="origin-add-error"]');
      expect(error.text(), typed).toContain('https://shop.example.com');
      expect(error.attributes('role')).toBe('alert');
      expect(inputOf(wrapper).value).toBe(typed);
      expect(inputOf(wrapper).getAttribute('aria-invalid')).toBe('true');
    }
    expect(sent.some((s) => s.event === 'admin:origins:add')).toBe(false);
    wrapper.unmount();
  });

  it('shows the server’s conflict as “already allowed” in an alert and keeps the typed text', async () => {
    const sent = server({ 'admin:origins:add': () => ({ ok: false, error: 'conflict' }) });
    const wrapper = await mountSites();
    await wrapper.get('[data-testid="origin-input"]').setValue('https://blog.example.com');
    await wrapper.get('[data-testid="origin-form"]').trigger('submit');
    await vi.waitFor(() => expect(wrapper.find('[data-testid="origin-add-error"]').exists()).toBe(true));
    const alert = wrapper.get('[data-testid="origin-add-error"]');
    expect(alert.attributes('role')).toBe('alert');
    expect(alert.text()).toBe('https://blog.example.com is already allowed.');
    expect(inputOf(wrapper).value).toBe('https://blog.example.com');
    expect(sent.filter((s) => s.event === 'admin:origins:add')).toHaveLength(1);
    wrapper.unmount();
  });

  it('says the list is full when the conflict comes from the limit', async () => {
    const full: SiteOriginsDTO = {
      fromServer: [],
      added: Array.from({ length: 200 }, (_, i) => ({ pattern: `https://s${i}.example.com`, addedAt: ADDED_AT })),
    };
    server({ 'admin:origins:get': () => ({ ok: true, data: full }), 'admin:origins:add': () => ({ ok: false, error: 'conflict' }) });
    const wrapper = await mountSites();
    await wrapper.get('[data-testid="origin-input"]').setValue('https://new.example.com');
    await wrapper.get('[data-testid="origin-form"]').trigger('submit');
    await vi.waitFor(() => expect(wrapper.find('[data-testid="origin-add-error"]').exists()).toBe(true));
    expect(wrapper.get('[data-testid="origin-add-error"]').text()).toContain('at most 200');
    expect(inputOf(wrapper).value).toBe('https://new.example.com');
    wrapper.unmount();
  });

  it('shows other refusals with the error text', async () => {
    server({ 'admin:origins:add': () => ({ ok: false, error: 'forbidden' }) });
    const wrapper = await mountSites();
    await wrapper.get('[data-testid="origin-input"]').setValue('https://blog.example.com');
    await wrapper.get('[data-testid="origin-form"]').trigger('submit');
    await vi.waitFor(() => expect(wrapper.find('[data-testid="origin-add-error"]').exists()).toBe(true));
    expect(wrapper.get('[data-testid="origin-add-error"]').text()).toBe('You are not allowed to do that.');
    expect(inputOf(wrapper).value).toBe('https://blog.example.com');
    wrapper.unmount();
  });

  it('removes an added site with admin:origins:remove and shows the answer’s list', async () => {
    const sent = server({ 'admin:origins:remove': () => ({ ok: true, data: { fromServer: ORIGINS.fromServer, added: [] } }) });
    const wrapper = await mountSites();
    await wrapper.get('[data-testid="origin-added-https://*.shop.example"] [data-testid="origin-remove"]').trigger('click');
    // nothing is sent until the admin confirms
    await flushPromises();
    expect(sent.filter((s) => s.event === 'admin:origins:remove')).toEqual([]);
    await wrapper.get('[data-testid="entry-remove-ok"]').trigger('click');
    await vi.waitFor(() => expect(wrapper.find('[data-testid="origin-added-https://*.shop.example"]').exists()).toBe(false));
    expect(sent.filter((s) => s.event === 'admin:origins:remove')).toEqual([{ event: 'admin:origins:remove', data: { pattern: 'https://*.shop.example' } }]);
    expect(wrapper.find('[data-testid="origins-empty"]').exists()).toBe(true);
    expect(wrapper.find('[data-testid="origin-server-https://www.example.com"]').exists()).toBe(true);
    wrapper.unmount();
  });

  it('shows a loading state, then the error with a retry that asks again', async () => {
    let answer: 'fail' | 'ok' = 'fail';
    const sent = server({
      'admin:origins:get': () => (answer === 'fail' ? { ok: false, error: 'offline' } : { ok: true, data: ORIGINS }),
    });
    const wrapper = mount(AdminSites);
    expect(wrapper.find('[data-testid="origins-loading"]').exists()).toBe(true);
    await vi.waitFor(() => expect(wrapper.find('[data-testid="origins-error"]').exists()).toBe(true));
    expect(wrapper.get('[data-testid="origins-error"]').attributes('role')).toBe('alert');
    expect(wrapper.get('[data-testid="origins-error"]').text()).toContain('You are offline');
    expect(wrapper.find('[data-testid="origin-form"]').exists()).toBe(false);
    answer = 'ok';
    await wrapper.get('[data-testid="origins-error"] button').trigger('click');
    await vi.waitFor(() => expect(wrapper.find('[data-testid="origin-server-https://www.example.com"]').exists()).toBe(true));
    expect(wrapper.find('[data-testid="origins-error"]').exists()).toBe(false);
    expect(sent.filter((s) => s.event === 'admin:origins:get')).toHaveLength(2);
    wrapper.unmount();
  });
});
