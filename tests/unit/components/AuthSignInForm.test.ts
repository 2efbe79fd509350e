import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import AuthSignInForm from '../../../components/auth/AuthSignInForm.vue';
import { useSessionStore } from '../../../stores/session.ts';
import { onCommand, type SignInInput } from '../../../utils/messaging.ts';
import { managedLockServerUrlItem, managedServerUrlItem, serverUrlItem } from '../../../utils/storage.ts';
import { agent } from '../helpers/fixtures.ts';
import { resetExtension } from '../helpers/reset.ts';

beforeEach(async () => {
  await resetExtension();
  setActivePinia(createPinia());
});

async function mountForm() {
  await useSessionStore().load();
  return mount(AuthSignInForm);
}

async function fillAndSubmit(wrapper: ReturnType<typeof mount>) {
  await wrapper.get('[data-testid="signin-server"]').setValue('http://chat.example.com');
  await wrapper.get('[data-testid="signin-email"]').setValue('ada@example.com');
  await wrapper.get('[data-testid="signin-password"]').setValue('wrong password');
  await wrapper.get('form').trigger('submit');
}

describe('AuthSignInForm', () => {
  it('shows a clear error when the server refuses the credentials', async () => {
    const received: SignInInput[] = [];
    onCommand('signIn', ({ data }) => {
      received.push(data);
      return { ok: false, error: 'unauthorized' };
    });
    const wrapper = await mountForm();

    await fillAndSubmit(wrapper);
    await vi.waitFor(() => expect(wrapper.find('[data-testid="signin-error"]').exists()).toBe(true));

    expect(wrapper.get('[data-testid="signin-error"]').text()).toBe('Wrong email or password.');
    expect(received).toEqual([{ serverUrl: 'http://chat.example.com', email: 'ada@example.com', password: 'wrong password' }]);
  });

  it('says why a plain http:// address of another machine is refused', async () => {
    onCommand('signIn', () => ({ ok: false, error: 'insecure_server' }));
    const wrapper = await mountForm();

    await fillAndSubmit(wrapper);
    await vi.waitFor(() => expect(wrapper.find('[data-testid="signin-error"]').exists()).toBe(true));

    expect(wrapper.get('[data-testid="signin-error"]').text()).toBe(
      "This address uses http://, which would send your password and chats unencrypted. Use the server's https:// address (http:// works only for localhost).",
    );
  });

  it('is disabled while signing in, and signs the agent in on success', async () => {
    let answer!: (value: { ok: true; data: ReturnType<typeof agent> }) => void;
    onCommand('signIn', () => new Promise((resolve) => (answer = resolve)));
    const wrapper = await mountForm();

    await fillAndSubmit(wrapper);
    await vi.waitFor(() => expect(wrapper.get('[data-testid="signin-submit"]').attributes('disabled')).toBeDefined());
    expect(wrapper.get('[data-testid="signin-email"]').attributes('disabled')).toBeDefined();

    answer({ ok: true, data: agent() });
    await vi.waitFor(() => expect(useSessionStore().signedIn).toBe(true));
    await flushPromises();
    expect(wrapper.find('[data-testid="signin-error"]').exists()).toBe(false);
  });

  it('prefills the server address from policy, else the last one used, else localhost:3000', async () => {
    expect((await mountForm()).get<HTMLInputElement>('[data-testid="signin-server"]').element.value).toBe(
      'http://localhost:3000',
    );
    await serverUrlItem.setValue('https://last.example.com');
    expect((await mountForm()).get<HTMLInputElement>('[data-testid="signin-server"]').element.value).toBe(
      'https://last.example.com',
    );
    await managedServerUrlItem.setValue('https://policy.example.com');
    expect((await mountForm()).get<HTMLInputElement>('[data-testid="signin-server"]').element.value).toBe(
      'https://policy.example.com',
    );
  });

  it("shows at once while a policy's address is still loading, then fills it in", async () => {
    let answer!: (url: string) => void;
    const slow = vi.spyOn(managedServerUrlItem, 'getValue').mockReturnValue(new Promise((resolve) => (answer = resolve)));
    const session = useSessionStore();
    const loading = session.load();
    await vi.waitFor(() => expect(session.loaded).toBe(true));
    const wrapper = mount(AuthSignInForm);
    expect(wrapper.get<HTMLInputElement>('[data-testid="signin-server"]').element.value).toBe('http://localhost:3000');

    answer('https://policy.example.com');
    await loading;
    await flushPromises();
    expect(wrapper.get<HTMLInputElement>('[data-testid="signin-server"]').element.value).toBe('https://policy.example.com');
    slow.mockRestore();
  });

  it("shows a locking policy's server as fixed text, not a field, and signs in there", async () => {
    await managedServerUrlItem.setValue('https://chat.corp.example');
    await managedLockServerUrlItem.setValue(true);
    await serverUrlItem.setValue('https://last.example.com');
    const received: SignInInput[] = [];
    onCommand('signIn', ({ data }) => {
      received.push(data);
      return { ok: false, error: 'unauthorized' };
    });
    const wrapper = await mountForm();

    expect(wrapper.find('[data-testid="signin-server"]').exists()).toBe(false);
    expect(wrapper.get('[data-testid="signin-server-fixed"]').text()).toBe('https://chat.corp.example');
    expect(wrapper.text()).toContain('Set by your organisation.');
    await wrapper.get('[data-testid="signin-email"]').setValue('ada@example.com');
    await wrapper.get('[data-testid="signin-password"]').setValue('secret');
    await wrapper.get('form').trigger('submit');
    await vi.waitFor(() => expect(received).toHaveLength(1));
    expect(received[0]!.serverUrl).toBe('https://chat.corp.example');
  });

  it('keeps the server field when a policy locks without an address', async () => {
    await managedLockServerUrlItem.setValue(true);

    const wrapper = await mountForm();

    expect(wrapper.find('[data-testid="signin-server-fixed"]').exists()).toBe(false);
    expect(wrapper.get<HTMLInputElement>('[data-testid="signin-server"]').element.value).toBe('http://localhost:3000');
  });

  it('says that the organisation allows its own server only when the background refuses another', async () => {
    onCommand('signIn', () => ({ ok: false, error: 'server_locked' }));
    const wrapper = await mountForm();

    await fillAndSubmit(wrapper);
    await vi.waitFor(() => expect(wrapper.find('[data-testid="signin-error"]').exists()).toBe(true));

    expect(wrapper.get('[data-testid="signin-error"]').text()).toBe('Your organisation allows signing in to its own server only.');
  });
});
