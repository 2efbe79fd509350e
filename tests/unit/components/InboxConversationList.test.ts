import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import InboxConversationList from '../../../components/inbox/InboxConversationList.vue';
import { putMessages, upsertConversations } from '../../../entrypoints/background/cache.ts';
import { useConversationsStore } from '../../../stores/conversations.ts';
import { useSessionStore } from '../../../stores/session.ts';
import { db } from '../../../utils/db.ts';
import { agentItem } from '../../../utils/storage.ts';
import { agent, conversation, message, offer, visitor } from '../helpers/fixtures.ts';
import { resetExtension } from '../helpers/reset.ts';

beforeEach(async () => {
  await resetExtension();
  setActivePinia(createPinia());
  await agentItem.setValue(agent());
  await useSessionStore().load();
});
afterEach(() => {
  vi.restoreAllMocks();
});

const items = (wrapper: ReturnType<typeof mount>) => wrapper.findAll('[data-testid="conversation-item"]');

describe('InboxConversationList', () => {
  it('shows only active conversations, never ended ones or unaccepted offers', async () => {
    await upsertConversations([
      conversation({ id: 'a', visitor: visitor({ name: 'Active Annie' }) }),
      conversation({ id: 'e', status: 'ended', endedAt: 1, visitor: visitor({ name: 'Ended Ed' }) }),
    ]);
    await db.offers.put(offer({ id: 'o', conversationId: 'w' }));
    const wrapper = mount(InboxConversationList);

    await vi.waitFor(() => expect(items(wrapper)).toHaveLength(1));
    expect(items(wrapper)[0]!.attributes('data-conversation-id')).toBe('a');
    expect(items(wrapper)[0]!.text()).toContain('Active Annie');
  });

  it('previews a line the service wrote in the agent’s language, and a visitor’s message as written', async () => {
    vi.spyOn(navigator, 'languages', 'get').mockReturnValue(['de-DE']);
    await upsertConversations([conversation({ id: 'a', lastSeq: 1 }), conversation({ id: 'b', lastSeq: 1 })]);
    await putMessages([
      message({ conversationId: 'a', author: 'system', authorName: null, body: 'Ada joined the chat', notice: { kind: 'agent_joined', name: 'Ada' } }),
      message({ conversationId: 'b', body: 'Hello there' }),
    ]);
    const wrapper = mount(InboxConversationList);
    await vi.waitFor(() => expect(wrapper.get('[data-conversation-id="a"] .preview').text()).toBe('Ada ist dem Chat beigetreten'));
    expect(wrapper.get('[data-conversation-id="b"] .preview').text()).toBe('Hello there');
  });

  it('says so when there are no active conversations', async () => {
    const wrapper = mount(InboxConversationList);
    await vi.waitFor(() => expect(wrapper.text()).toContain('No active conversations'));
    expect(items(wrapper)).toHaveLength(0);
  });

  it('selecting an item opens that conversation', async () => {
    await upsertConversations([conversation({ id: 'a' }), conversation({ id: 'b' })]);
    const wrapper = mount(InboxConversationList);
    await vi.waitFor(() => expect(items(wrapper)).toHaveLength(2));

    await wrapper.get('[data-conversation-id="b"]').trigger('click');
    await flushPromises();

    expect(useConversationsStore().selectedId).toBe('b');
    expect(wrapper.get('[data-conversation-id="b"]').attributes('aria-current')).toBe('true');
  });
});
