import { flushPromises, mount } from '@vue/test-utils';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import AdminAudit from '../../../components/admin/AdminAudit.vue';
import AdminSettings from '../../../components/admin/AdminSettings.vue';
import type { AuditEntryDTO } from '../../../protocol/admin.ts';
import type { RoutingSettings } from '../../../protocol/routing.ts';
import { resetExtension } from '../helpers/reset.ts';
import { adminAgent, fakeAdminServer } from './helpers.ts';

beforeEach(async () => {
  await resetExtension();
});

const SETTINGS: RoutingSettings = {
  fallbackMessage: 'Write to us',
  fallbackMessages: { en: 'Write to us', de: 'Schreiben Sie uns', sv: 'Write to us', nl: 'Write to us', es: 'Write to us', fr: 'Write to us' },
  fallbackBooking: false,
  maxOffers: 3,
  maxWaitMs: 120_000,
  queueMaxWaitMs: 600_000,
  offerTimeoutMs: 45_000,
  idleTimeoutMs: 600_000,
  maxChatsPerAgent: 10,
};

describe('routing settings', () => {
  it('sends only what changed: a language emptied goes back to the common text (null), waits in ms', async () => {
    const sent = fakeAdminServer({ 'admin:settings:update': () => ({ ok: true, data: SETTINGS }) });
    const wrapper = mount(AdminSettings, { props: { settings: SETTINGS } });
    await wrapper.get('[data-testid="settings-fallback-de"]').setValue('');
    await wrapper.get('[data-testid="settings-fallback-fr"]').setValue('Écrivez-nous');
    await wrapper.get('[data-testid="settings-booking"]').setValue(true);
    await wrapper.get('[data-testid="settings-max-wait"]').setValue('90');
    await wrapper.get('[data-testid="settings-form"]').trigger('submit');
    await vi.waitFor(() => expect(wrapper.find('[data-testid="settings-saved"]').exists()).toBe(true));
    expect(sent).toEqual([
      { event: 'admin:settings:update', data: { fallbackMessages: { de: null, fr: 'Écrivez-nous' }, fallbackBooking: true, maxWaitMs: 90_000 } },
    ]);
  });

  it('names a value out of range and sends nothing, keeping it', async () => {
    const sent = fakeAdminServer({});
    const wrapper = mount(AdminSettings, { props: { settings: SETTINGS } });
    await wrapper.get('[data-testid="settings-max-offers"]').setValue('0');
    await wrapper.get('[data-testid="settings-form"]').trigger('submit');
    await flushPromises();
    expect(wrapper.get('[data-testid="settings-error"]').text()).toBe('Please check: Offers per chat at most.');
    expect(sent).toEqual([]);
    expect((wrapper.get('[data-testid="settings-max-offers"]').element as HTMLInputElement).value).toBe('0');
  });
});

const entry = (id: string, overrides: Partial<AuditEntryDTO> = {}): AuditEntryDTO => ({
  id,
  at: Date.UTC(2026, 2, 2, 9),
  actorId: 'me',
  action: 'team.put',
  targetType: 'team',
  targetId: 't1',
  before: null,
  after: { name: 'Sales' },
  ...overrides,
});

describe('the audit log', () => {
  it('lists entries with who and what, filters by actor and action, and pages on with the cursor', async () => {
    const sent = fakeAdminServer({
      'admin:agents:list': () => ({ ok: true, data: [adminAgent({ id: 'me', name: 'Boss', role: 'admin' })] }),
      'admin:audit:list': ((input: { cursor?: string }) =>
        input.cursor
          ? { ok: true, data: { items: [entry('e2', { actorId: null, action: 'agent.disable', targetType: 'agent', targetId: 'me' })], nextCursor: null } }
          : { ok: true, data: { items: [entry('e1')], nextCursor: 'c1' } }) as never,
    });
    const wrapper = mount(AdminAudit);
    await vi.waitFor(() => expect(wrapper.find('[data-testid="audit-row-team.put"]').exists()).toBe(true));
    await flushPromises();
    const row = wrapper.get('[data-testid="audit-row-team.put"]').text();
    expect(row).toContain('Boss');
    expect(row).toContain('Team saved');
    expect(row).toContain('"name": "Sales"');

    await wrapper.get('[data-testid="audit-more"]').trigger('click');
    await vi.waitFor(() => expect(wrapper.find('[data-testid="audit-row-agent.disable"]').exists()).toBe(true));
    expect(wrapper.get('[data-testid="audit-row-agent.disable"]').text()).toContain('Server shell');
    expect(wrapper.find('[data-testid="audit-more"]').exists()).toBe(false);
    expect(sent.filter((s) => s.event === 'admin:audit:list').at(-1)?.data).toEqual({ limit: 50, cursor: 'c1' });

    await wrapper.get('[data-testid="audit-actor"]').setValue('me');
    await wrapper.get('[data-testid="audit-action"]').setValue('team.put');
    await wrapper.get('[data-testid="audit-filter"]').trigger('submit');
    await vi.waitFor(() => expect(sent.filter((s) => s.event === 'admin:audit:list')).toHaveLength(3));
    expect(sent.at(-1)?.data).toEqual({ actorId: 'me', action: 'team.put', limit: 50 });
  });
});
