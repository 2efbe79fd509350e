import { flushPromises, mount } from '@vue/test-utils';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import AdminPeople from '../../../components/admin/AdminPeople.vue';
import { resetExtension } from '../helpers/reset.ts';
import { adminAgent, fakeAdminServer } from './helpers.ts';

beforeEach(async () => {
  await resetExtension();
});

const ADA = adminAgent();
const BOSS = adminAgent({ id: 'me', email: 'boss@example.com', name: 'Boss', role: 'admin', activeChats: 0, online: false });

async function mountPeople() {
  const wrapper = mount(AdminPeople, { props: { selfId: 'me' }, attachTo: document.body });
  await vi.waitFor(() => expect(wrapper.find('[data-testid="people-table"]').exists()).toBe(true));
  return wrapper;
}

describe('People in the admin console', () => {
  it('lists every agent with their state and load n/capacity', async () => {
    fakeAdminServer({ 'admin:agents:list': () => ({ ok: true, data: [ADA, BOSS, adminAgent({ id: 'c', email: 'cy@example.com', name: 'Cy', disabled: true })] }) });
    const wrapper = await mountPeople();
    const state = (email: string) => wrapper.get(`[data-testid="agent-row-${email}"] [data-testid="agent-state"]`).text();
    expect(state('ada@example.com')).toBe('Online, available');
    expect(state('boss@example.com')).toBe('Offline');
    expect(state('cy@example.com')).toBe('Disabled');
    expect(wrapper.get('[data-testid="agent-row-ada@example.com"] [data-testid="agent-load"]').text()).toBe('3/10');
    // nobody disables themselves
    expect(wrapper.find('[data-testid="agent-row-boss@example.com"] [data-testid="agent-toggle-disabled"]').exists()).toBe(false);
    wrapper.unmount();
  });

  it('shows a loading state, then the error with a retry that asks again', async () => {
    let answer: 'fail' | 'ok' = 'fail';
    const sent = fakeAdminServer({
      'admin:agents:list': () => (answer === 'fail' ? { ok: false, error: 'offline' } : { ok: true, data: [ADA] }),
    });
    const wrapper = mount(AdminPeople, { props: { selfId: 'me' } });
    expect(wrapper.find('[data-testid="people-loading"]').exists()).toBe(true);
    await vi.waitFor(() => expect(wrapper.find('[data-testid="people-error"]').exists()).toBe(true));
    expect(wrapper.get('[data-testid="people-error"]').attributes('role')).toBe('alert');
    expect(wrapper.get('[data-testid="people-error"]').text()).toContain('You are offline');
    answer = 'ok';
    await wrapper.get('[data-testid="people-error"] button').trigger('click');
    await vi.waitFor(() => expect(wrapper.find('[data-testid="agent-row-ada@example.com"]').exists()).toBe(true));
    expect(sent.filter((s) => s.event === 'admin:agents:list')).toHaveLength(2);
  });

  it('refuses a bad email before sending, names the field, and keeps what was typed', async () => {
    const sent = fakeAdminServer({ 'admin:agents:list': () => ({ ok: true, data: [ADA] }) });
    const wrapper = await mountPeople();
    await wrapper.get('[data-testid="agent-create-email"]').setValue('not-an-email');
    await wrapper.get('[data-testid="agent-create-name"]').setValue('Bo');
    await wrapper.get('[data-testid="agent-create-form"]').trigger('submit');
    await flushPromises();
    expect(wrapper.get('[data-testid="agent-create-error"]').text()).toBe('Please check: Email.');
    expect((wrapper.get('[data-testid="agent-create-name"]').element as HTMLInputElement).value).toBe('Bo');
    expect(sent.map((s) => s.event)).toEqual(['admin:agents:list']);
    wrapper.unmount();
  });

  it('creates an agent and shows the one-time password once, with a copy button; an email taken is said so', async () => {
    const bo = adminAgent({ id: 'b', email: 'bo@example.com', name: 'Bo', online: false, activeChats: 0 });
    let taken = false;
    const sent = fakeAdminServer({
      'admin:agents:list': () => ({ ok: true, data: [ADA] }),
      'admin:agents:create': () => (taken ? { ok: false, error: 'conflict' } : { ok: true, data: { agent: bo, password: 'pw-123456789012' } }),
    });
    const writeText = vi.fn(async () => undefined);
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    const wrapper = await mountPeople();
    await wrapper.get('[data-testid="agent-create-email"]').setValue(' bo@example.com ');
    await wrapper.get('[data-testid="agent-create-name"]').setValue('Bo');
    await wrapper.get('[data-testid="agent-create-form"]').trigger('submit');
    await vi.waitFor(() => expect(wrapper.find('[data-testid="one-time-password"]').exists()).toBe(true));
    expect(sent.at(-1)).toEqual({ event: 'admin:agents:create', data: { email: 'bo@example.com', name: 'Bo', role: 'agent' } });
    expect(wrapper.get('[data-testid="one-time-password-value"]').text()).toBe('pw-123456789012');
    expect(wrapper.find('[data-testid="agent-row-bo@example.com"]').exists()).toBe(true);
    await wrapper.get('[data-testid="copy-password"]').trigger('click');
    await flushPromises();
    expect(writeText).toHaveBeenCalledWith('pw-123456789012');
    await wrapper.get('[data-testid="password-done"]').trigger('click');
    expect(wrapper.find('[data-testid="one-time-password"]').exists()).toBe(false);

    taken = true;
    await wrapper.get('[data-testid="agent-create-email"]').setValue('bo@example.com');
    await wrapper.get('[data-testid="agent-create-name"]').setValue('Bo again');
    await wrapper.get('[data-testid="agent-create-form"]').trigger('submit');
    await vi.waitFor(() => expect(wrapper.get('[data-testid="agent-create-error"]').text()).toBe('An agent with this email already exists.'));
    expect((wrapper.get('[data-testid="agent-create-email"]').element as HTMLInputElement).value).toBe('bo@example.com');
    wrapper.unmount();
  });

  it('resets a password only after the confirmation, shows the new one once, and Escape sends nothing', async () => {
    const sent = fakeAdminServer({
      'admin:agents:list': () => ({ ok: true, data: [ADA, BOSS] }),
      'admin:agents:resetPassword': () => ({ ok: true, data: { agent: ADA, password: 'pw-new-234567890' } }),
    });
    const wrapper = await mountPeople();
    const row = () => wrapper.get('[data-testid="agent-row-ada@example.com"]');
    await row().get('[data-testid="agent-reset"]').trigger('click');
    await flushPromises();
    const dialog = row().get('[role="alertdialog"]');
    expect(document.getElementById(dialog.attributes('aria-labelledby')!)?.textContent).toBe(
      'Reset the password of Ada Agent? They are signed out everywhere at once; the new password is shown once.',
    );
    expect(document.activeElement?.getAttribute('data-testid')).toBe('confirm-cancel-a1');
    await dialog.trigger('keydown', { key: 'Escape' });
    await flushPromises();
    expect(row().find('[role="alertdialog"]').exists()).toBe(false);
    // back to the button that asked
    expect(document.activeElement).toBe(row().get('[data-testid="agent-reset"]').element);
    expect(sent.map((s) => s.event)).toEqual(['admin:agents:list']);

    await row().get('[data-testid="agent-reset"]').trigger('click');
    await flushPromises();
    expect(row().get('[data-testid="confirm-ok-a1"]').text()).toBe('Reset password');
    await row().get('[data-testid="confirm-ok-a1"]').trigger('click');
    await vi.waitFor(() => expect(wrapper.find('[data-testid="one-time-password"]').exists()).toBe(true));
    expect(wrapper.get('[data-testid="one-time-password-value"]').text()).toBe('pw-new-234567890');
    expect(sent.at(-1)).toEqual({ event: 'admin:agents:resetPassword', data: { agentId: 'a1' } });
    expect(row().find('[role="alertdialog"]').exists()).toBe(false);
    wrapper.unmount();
  });

  it('disables an agent only after the confirmation, and cancel sends nothing', async () => {
    const sent = fakeAdminServer({
      'admin:agents:list': () => ({ ok: true, data: [ADA, BOSS] }),
      'admin:agents:setDisabled': () => ({ ok: true, data: { ...ADA, disabled: true, online: false } }),
    });
    const wrapper = await mountPeople();
    const row = () => wrapper.get('[data-testid="agent-row-ada@example.com"]');
    await row().get('[data-testid="agent-toggle-disabled"]').trigger('click');
    await flushPromises();
    const dialog = row().get('[role="alertdialog"]');
    expect(document.getElementById(dialog.attributes('aria-labelledby')!)?.textContent).toContain('Disable Ada Agent?');
    expect(document.activeElement?.getAttribute('data-testid')).toBe('confirm-cancel-a1');
    await row().get('[data-testid="confirm-cancel-a1"]').trigger('click');
    await flushPromises();
    expect(sent.map((s) => s.event)).toEqual(['admin:agents:list']);
    expect(document.activeElement).toBe(row().get('[data-testid="agent-toggle-disabled"]').element);

    await row().get('[data-testid="agent-toggle-disabled"]').trigger('click');
    await row().get('[data-testid="confirm-ok-a1"]').trigger('click');
    await vi.waitFor(() => expect(row().get('[data-testid="agent-state"]').text()).toBe('Disabled'));
    expect(sent.at(-1)).toEqual({ event: 'admin:agents:setDisabled', data: { agentId: 'a1', disabled: true } });
    expect(row().get('[data-testid="agent-toggle-disabled"]').text()).toBe('Enable');
    wrapper.unmount();
  });

  it('edits name and role; the last admin’s refusal is explained in the row', async () => {
    const sent = fakeAdminServer({
      'admin:agents:list': () => ({ ok: true, data: [ADA] }),
      'admin:agents:update': () => ({ ok: false, error: 'conflict' }),
    });
    const wrapper = await mountPeople();
    await wrapper.get('[data-testid="agent-edit"]').trigger('click');
    await wrapper.get('[data-testid="agent-edit-name"]').setValue('Ada Lovelace');
    await wrapper.get('[data-testid="agent-edit-role"]').setValue('admin');
    await wrapper.get('[data-testid="agent-edit-save"]').trigger('click');
    await vi.waitFor(() => expect(wrapper.find('[data-testid="agent-row-error"]').exists()).toBe(true));
    expect(sent.at(-1)).toEqual({ event: 'admin:agents:update', data: { agentId: 'a1', name: 'Ada Lovelace', role: 'admin' } });
    expect(wrapper.get('[data-testid="agent-row-error"]').text()).toBe('The last admin keeps the admin role and cannot be disabled.');
    // still editing, with what was typed
    expect((wrapper.get('[data-testid="agent-edit-name"]').element as HTMLInputElement).value).toBe('Ada Lovelace');
    wrapper.unmount();
  });
});
