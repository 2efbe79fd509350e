import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import ConversationComposer from '../../../components/conversation/ConversationComposer.vue';
import type { SavedReplyDTO } from '../../../protocol/toolkit.ts';
import { db } from '../../../utils/db.ts';
import { onCommand } from '../../../utils/messaging.ts';
import { resetExtension } from '../helpers/reset.ts';

const reply = (shortcut: string, body: string, id = shortcut): SavedReplyDTO => ({ id, scope: 'personal', shortcut, body, updatedAt: 1 });

beforeEach(async () => {
  await resetExtension();
  setActivePinia(createPinia());
  onCommand('listReplies', () => ({ ok: true, data: [] }));
});

function setup() {
  const wrapper = mount(ConversationComposer, {
    props: { placeholders: { visitorName: 'Vera', agentName: 'Dana' } },
    attachTo: document.body,
  });
  return { wrapper, input: wrapper.get('[data-testid="composer-input"]') };
}

const options = (wrapper: ReturnType<typeof mount>) => wrapper.findAll('[data-testid="reply-option"]');

describe('ConversationComposer: notes and saved replies', () => {
  it('in Note mode sends the text as a note, and the mode button says it is pressed', async () => {
    const { wrapper, input } = setup();
    await wrapper.get('[data-testid="composer-note"]').trigger('click');
    expect(wrapper.get('[data-testid="composer-note"]').attributes('aria-pressed')).toBe('true');
    await input.setValue('Caller is a reseller');
    await input.trigger('keydown', { key: 'Enter' });
    expect(wrapper.emitted('send')).toEqual([['Caller is a reseller', true]]);
  });

  it('writing a note does not report typing (the visitor would see it)', async () => {
    const { wrapper, input } = setup();
    await wrapper.get('[data-testid="composer-note"]').trigger('click');
    await input.setValue('private');
    expect(wrapper.emitted('typing')).toBeUndefined();
  });

  it('"/" at the start opens a listbox of matching replies, as a combobox', async () => {
    await db.meta.put({ key: 'savedReplies', value: [reply('hello', 'Hi {visitor.name}'), reply('bye', 'Bye!'), reply('help', 'How can I help?')] });
    const { wrapper, input } = setup();
    await input.setValue('/he');
    await vi.waitFor(() => expect(options(wrapper).map((o) => o.text())).toEqual(['/helloHi {visitor.name}', '/helpHow can I help?']));
    expect(input.attributes('role')).toBe('combobox');
    expect(input.attributes('aria-expanded')).toBe('true');
    expect(wrapper.get('[role="listbox"]').attributes('id')).toBe(input.attributes('aria-controls'));
    expect(input.attributes('aria-activedescendant')).toBe(options(wrapper)[0]!.attributes('id'));
  });

  it('ArrowDown and Enter insert the picked reply with its placeholders filled, without sending', async () => {
    await db.meta.put({ key: 'savedReplies', value: [reply('greet', 'Hi {visitor.name}, {agent.name} here'), reply('greet2', 'Hello {visitor.name}')] });
    const { wrapper, input } = setup();
    await input.setValue('/gr');
    await vi.waitFor(() => expect(options(wrapper)).toHaveLength(2));
    await input.trigger('keydown', { key: 'ArrowDown' });
    expect(options(wrapper)[1]!.attributes('aria-selected')).toBe('true');
    await input.trigger('keydown', { key: 'ArrowDown' });
    expect(options(wrapper)[0]!.attributes('aria-selected')).toBe('true');
    await input.trigger('keydown', { key: 'Enter' });
    await vi.waitFor(() => expect((input.element as HTMLTextAreaElement).value).toBe('Hi Vera, Dana here'));
    await flushPromises();
    expect(wrapper.emitted('send')).toBeUndefined();
    expect(wrapper.find('[role="listbox"]').exists()).toBe(false);
  });

  it('Escape closes the list and leaves the text as typed', async () => {
    await db.meta.put({ key: 'savedReplies', value: [reply('hello', 'Hi')] });
    const { wrapper, input } = setup();
    await input.setValue('/hel');
    await vi.waitFor(() => expect(options(wrapper)).toHaveLength(1));
    await input.trigger('keydown', { key: 'Escape' });
    expect(wrapper.find('[role="listbox"]').exists()).toBe(false);
    expect(input.attributes('aria-expanded')).toBe('false');
    expect((input.element as HTMLTextAreaElement).value).toBe('/hel');
  });

  it('says so when no reply matches, and when there are none at all', async () => {
    const { wrapper, input } = setup();
    await input.setValue('/zz');
    await vi.waitFor(() => expect(wrapper.get('[role="listbox"]').text()).toContain('No saved replies yet.'));
    await db.meta.put({ key: 'savedReplies', value: [reply('hello', 'Hi')] });
    await vi.waitFor(() => expect(wrapper.get('[role="listbox"]').text()).toContain('No saved reply matches.'));
  });
});
