import { mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import SettingsSavedReplies from '../../../components/settings/SettingsSavedReplies.vue';
import type { SavedReplyDTO } from '../../../protocol/toolkit.ts';
import { useSessionStore } from '../../../stores/session.ts';
import { db } from '../../../utils/db.ts';
import { onCommand } from '../../../utils/messaging.ts';
import { agentItem } from '../../../utils/storage.ts';
import { agent } from '../helpers/fixtures.ts';
import { resetExtension } from '../helpers/reset.ts';

const personal: SavedReplyDTO = { id: 'r1', scope: 'personal', shortcut: 'hi', body: 'Hi {visitor.name}', updatedAt: 1 };
const shared: SavedReplyDTO = { id: 'r2', scope: 'shared', shortcut: 'hours', body: 'We are open 9–5.', updatedAt: 1 };

async function open(role: 'agent' | 'admin') {
  await agentItem.setValue(agent({ role }));
  await useSessionStore().load();
  await db.meta.put({ key: 'savedReplies', value: [personal, shared] });
  const wrapper = mount(SettingsSavedReplies, { attachTo: document.body });
  await vi.waitFor(() => expect(wrapper.findAll('[data-testid="saved-reply"]')).toHaveLength(2));
  return wrapper;
}

let listed: SavedReplyDTO[];

beforeEach(async () => {
  await resetExtension();
  setActivePinia(createPinia());
  listed = [personal, shared];
  onCommand('listReplies', () => ({ ok: true, data: listed }));
});

describe('Saved replies screen', () => {
  it('an agent may edit their own replies but only read the shared ones, and writes personal ones', async () => {
    const wrapper = await open('agent');
    const [mine, team] = wrapper.findAll('[data-testid="saved-reply"]').sort((a) => (a.attributes('data-scope') === 'personal' ? -1 : 1));
    expect(mine!.findAll('button').map((b) => b.text())).toEqual(['Edit hi', 'Delete hi']);
    expect(team!.findAll('button')).toHaveLength(0);
    await wrapper.get('[data-testid="reply-new"]').trigger('click');
    expect(wrapper.find('[data-testid="reply-scope-shared"]').exists()).toBe(false);
  });

  it('deletes a reply only after the confirmation; a shared one says it goes for everyone, and Escape keeps it', async () => {
    const deleted: unknown[] = [];
    onCommand('deleteReply', ({ data }) => {
      deleted.push(data);
      return { ok: true, data: null };
    });
    const wrapper = await open('admin');
    const line = (id: string) => wrapper.get(`[data-reply-id="${id}"]`);
    await line('r2').get('[data-testid="reply-delete"]').trigger('click');
    await vi.waitFor(() => expect(line('r2').find('[role="alertdialog"]').exists()).toBe(true));
    const dialog = line('r2').get('[role="alertdialog"]');
    expect(wrapper.get(`[id="${dialog.attributes('aria-labelledby')}"]`).text()).toBe('Delete /hours for everyone?');
    expect(document.activeElement?.getAttribute('data-testid')).toBe('reply-keep');
    await dialog.trigger('keydown', { key: 'Escape' });
    await vi.waitFor(() => expect(document.activeElement).toBe(line('r2').get('[data-testid="reply-delete"]').element));
    expect(deleted).toEqual([]);

    await line('r1').get('[data-testid="reply-delete"]').trigger('click');
    await vi.waitFor(() => expect(line('r1').find('[role="alertdialog"]').exists()).toBe(true));
    expect(line('r1').get('[role="alertdialog"]').text()).toContain('Delete /hi?');
    await line('r1').get('[data-testid="reply-delete-ok"]').trigger('click');
    await vi.waitFor(() => expect(deleted).toEqual([{ replyId: 'r1' }]));
    wrapper.unmount();
  });

  it('an admin may write a shared reply', async () => {
    const created: unknown[] = [];
    onCommand('createReply', ({ data }) => {
      created.push(data);
      return { ok: true, data: { ...shared, id: 'r3' } };
    });
    const wrapper = await open('admin');
    await wrapper.get('[data-testid="reply-new"]').trigger('click');
    await wrapper.get('[data-testid="reply-scope-shared"]').setValue(true);
    await wrapper.get('[data-testid="reply-shortcut"]').setValue('refund');
    await wrapper.get('[data-testid="reply-body"]').setValue('Refunds take 5 days.');
    await wrapper.get('[data-testid="reply-form"]').trigger('submit');
    await vi.waitFor(() => expect(created).toEqual([{ scope: 'shared', shortcut: 'refund', body: 'Refunds take 5 days.' }]));
    await vi.waitFor(() => expect(wrapper.find('[data-testid="reply-form"]').exists()).toBe(false));
  });

  it('shows the empty state when there are no replies', async () => {
    listed = [];
    await agentItem.setValue(agent());
    await useSessionStore().load();
    await db.meta.put({ key: 'savedReplies', value: [] });
    const wrapper = mount(SettingsSavedReplies);
    await vi.waitFor(() => expect(wrapper.find('[data-testid="replies-empty"]').exists()).toBe(true));
  });
});
