import { mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import ConversationMessageList from '../../../components/conversation/ConversationMessageList.vue';
import { putMessages, upsertConversations } from '../../../entrypoints/background/cache.ts';
import { MESSAGE_WINDOW, useConversationsStore } from '../../../stores/conversations.ts';
import { useSessionStore } from '../../../stores/session.ts';
import { agentItem } from '../../../utils/storage.ts';
import { agent, conversation, message } from '../helpers/fixtures.ts';
import { resetExtension } from '../helpers/reset.ts';

const LONG = 1_000;

beforeEach(async () => {
  await resetExtension();
  setActivePinia(createPinia());
  await agentItem.setValue(agent());
  await useSessionStore().load();
  await upsertConversations([conversation({ lastSeq: LONG })]);
  await putMessages(Array.from({ length: LONG }, (_, i) => message({ seq: i + 1 })));
});

async function openLongChat() {
  const store = useConversationsStore();
  await store.select('conv-1');
  const wrapper = mount(ConversationMessageList);
  await vi.waitFor(() => expect(wrapper.findAll('[data-testid="message"]').length).toBeGreaterThan(0));
  return { store, wrapper };
}

const bodies = (wrapper: ReturnType<typeof mount>) => wrapper.findAll('[data-testid="message"] .body').map((m) => m.text());

describe('ConversationMessageList', () => {
  it('renders a bounded window of a 1,000-message chat, ending with the newest message', async () => {
    const { wrapper } = await openLongChat();

    expect(bodies(wrapper)).toHaveLength(MESSAGE_WINDOW);
    expect(bodies(wrapper).at(-1)).toBe(`message ${LONG}`);
    expect(bodies(wrapper)[0]).toBe(`message ${LONG - MESSAGE_WINDOW + 1}`);
  });

  it('shows a new message at the end while following the newest', async () => {
    const { wrapper } = await openLongChat();
    await putMessages([message({ seq: LONG + 1 })]);

    await vi.waitFor(() => expect(bodies(wrapper).at(-1)).toBe(`message ${LONG + 1}`));
    expect(bodies(wrapper)).toHaveLength(MESSAGE_WINDOW);
  });

  it('loads older messages in steps, keeping the window bounded, and returns to the newest', async () => {
    const { store, wrapper } = await openLongChat();

    store.showOlder();
    await vi.waitFor(() => expect(bodies(wrapper).at(-1)).not.toBe(`message ${LONG}`));
    expect(store.following).toBe(false);
    expect(bodies(wrapper)).toHaveLength(MESSAGE_WINDOW);
    expect(Number(bodies(wrapper)[0]!.split(' ')[1])).toBeLessThan(LONG - MESSAGE_WINDOW + 1);

    store.showOldest();
    await vi.waitFor(() => expect(bodies(wrapper)[0]).toBe('message 1'));
    expect(store.hasOlder).toBe(false);

    store.showLatest();
    await vi.waitFor(() => expect(bodies(wrapper).at(-1)).toBe(`message ${LONG}`));
    expect(store.following).toBe(true);
  });

  it('keeps a new message out of an older window until the agent comes back to the newest', async () => {
    const { store, wrapper } = await openLongChat();
    store.showOlder();
    await vi.waitFor(() => expect(store.following).toBe(false));
    await putMessages([message({ seq: LONG + 1 })]);
    await new Promise((r) => setTimeout(r, 50));

    expect(bodies(wrapper)).not.toContain(`message ${LONG + 1}`);
  });

  it('is focusable and labelled, so the keyboard can scroll it', async () => {
    const { wrapper } = await openLongChat();
    const list = wrapper.get('[data-testid="message-list"]');

    expect(list.attributes('tabindex')).toBe('0');
    expect(list.attributes('aria-label')).toBe('Messages');
  });

  it('is a log region around a plain list: the messages stay items of an ordered list', async () => {
    const { wrapper } = await openLongChat();
    const log = wrapper.get('[data-testid="message-list"]');

    expect(log.attributes('role')).toBe('log');
    expect(log.attributes('tabindex')).toBe('0');
    const items = log.findAll('[data-testid="message"]');
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((item) => item.element.tagName === 'LI' && item.element.parentElement?.tagName === 'OL')).toBe(true);
  });

  it('jumps back to the newest message on End', async () => {
    const { store, wrapper } = await openLongChat();
    store.showOlder();
    await vi.waitFor(() => expect(store.following).toBe(false));

    await wrapper.get('[data-testid="message-list"]').trigger('keydown', { key: 'End' });

    await vi.waitFor(() => expect(bodies(wrapper).at(-1)).toBe(`message ${LONG}`));
    expect(store.following).toBe(true);
  });
});
