import { mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import ConversationView from '../../../components/conversation/ConversationView.vue';
import { putMessages, upsertConversations } from '../../../entrypoints/background/cache.ts';
import { useConversationsStore } from '../../../stores/conversations.ts';
import { useSessionStore } from '../../../stores/session.ts';
import { db } from '../../../utils/db.ts';
import { onCommand } from '../../../utils/messaging.ts';
import { agentItem } from '../../../utils/storage.ts';
import { agent, conversation, message } from '../helpers/fixtures.ts';
import { resetExtension } from '../helpers/reset.ts';

beforeEach(async () => {
  await resetExtension();
  setActivePinia(createPinia());
  await agentItem.setValue(agent());
  await useSessionStore().load();
});

async function openChat(status: 'active' | 'ended' = 'active') {
  await upsertConversations([conversation({ status, endedAt: status === 'ended' ? 1 : null })]);
  useConversationsStore().select('conv-1');
  return mount(ConversationView);
}

const messages = (wrapper: ReturnType<typeof mount>) => wrapper.findAll('[data-testid="message"]');

describe('ConversationView', () => {
  it('renders what people typed as text, never as HTML', async () => {
    await putMessages([message({ seq: 1, body: 'My tap is <b>leaking</b><img src=x onerror=alert(1)>' })]);
    const wrapper = await openChat();
    await vi.waitFor(() => expect(messages(wrapper)).toHaveLength(1));

    expect(messages(wrapper)[0]!.text()).toContain('My tap is <b>leaking</b><img src=x onerror=alert(1)>');
    expect(wrapper.find('[data-testid="message"] b').exists()).toBe(false);
    expect(wrapper.find('[data-testid="message"] img').exists()).toBe(false);
  });

  it('marks each message with its author and shows outbox items as pending', async () => {
    await putMessages([message({ seq: 1, author: 'visitor' }), message({ seq: 2, author: 'agent', authorName: 'Ada Agent' })]);
    await db.outbox.put({ clientId: 'out-1', conversationId: 'conv-1', body: 'sending this', createdAt: Date.now() });
    const wrapper = await openChat();
    await vi.waitFor(() => expect(messages(wrapper)).toHaveLength(3));

    expect(messages(wrapper).map((m) => m.attributes('data-author'))).toEqual(['visitor', 'agent', 'agent']);
    expect(messages(wrapper).map((m) => m.attributes('data-pending'))).toEqual([undefined, undefined, 'true']);
    expect(messages(wrapper)[2]!.text()).toContain('Sending…');
  });

  it('shows a message the server refused with the reason, and discards it through the background', async () => {
    await db.outbox.put({ clientId: 'out-9', conversationId: 'conv-1', body: 'too late', createdAt: Date.now(), failed: 'conversation_ended' });
    const discarded: unknown[] = [];
    onCommand('discardMessage', ({ data }) => {
      discarded.push(data);
      return { ok: true, data: null };
    });
    const wrapper = await openChat();
    await vi.waitFor(() => expect(messages(wrapper)).toHaveLength(1));

    expect(messages(wrapper)[0]!.attributes('data-failed')).toBe('true');
    expect(messages(wrapper)[0]!.attributes('data-pending')).toBeUndefined();
    expect(wrapper.get('[data-testid="message-failed"]').text()).toContain('Not sent: This chat has ended.');
    await wrapper.get('[data-testid="message-discard"]').trigger('click');
    await vi.waitFor(() => expect(discarded).toEqual([{ clientId: 'out-9' }]));
  });

  it('the composer sends through the background to the open conversation', async () => {
    const sent: unknown[] = [];
    onCommand('sendMessage', ({ data }) => {
      sent.push(data);
      return { ok: true, data: { clientId: 'x', delivered: true } };
    });
    const wrapper = await openChat();
    await vi.waitFor(() => expect(wrapper.find('[data-testid="composer-input"]').exists()).toBe(true));

    await wrapper.get('[data-testid="composer-input"]').setValue('Hello Vera');
    await wrapper.get('[data-testid="composer-input"]').trigger('keydown', { key: 'Enter' });

    await vi.waitFor(() => expect(sent).toEqual([{ conversationId: 'conv-1', body: 'Hello Vera' }]));
  });

  it('disables the composer once the chat has ended', async () => {
    const wrapper = await openChat('ended');
    await vi.waitFor(() => expect(wrapper.find('[data-testid="composer-input"]').exists()).toBe(true));
    expect(wrapper.get('[data-testid="composer-input"]').attributes('disabled')).toBeDefined();
    expect(wrapper.text()).toContain('This chat has ended.');
  });
});
