import { mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import AuthSignInForm from '../../../components/auth/AuthSignInForm.vue';
import ConversationView from '../../../components/conversation/ConversationView.vue';
import InboxWorkspace from '../../../components/inbox/InboxWorkspace.vue';
import { putMessages, upsertConversations } from '../../../entrypoints/background/cache.ts';
import { useConversationsStore } from '../../../stores/conversations.ts';
import { useSessionStore } from '../../../stores/session.ts';
import { db } from '../../../utils/db.ts';
import { onCommand } from '../../../utils/messaging.ts';
import { agentItem, sessionExpiredItem } from '../../../utils/storage.ts';
import { agent, conversation, message, offer } from '../helpers/fixtures.ts';
import { resetExtension } from '../helpers/reset.ts';

beforeEach(async () => {
  await resetExtension();
  setActivePinia(createPinia());
  await agentItem.setValue(agent());
  await useSessionStore().load();
});

describe('typing and transcripts in the chat', () => {
  it('shows the visitor typing, and sends the agent’s typing on key presses', async () => {
    const sent: unknown[] = [];
    onCommand('setTyping', ({ data }) => {
      sent.push(data);
      return { ok: true, data: null };
    });
    await upsertConversations([conversation()]);
    await db.typing.put({ conversationId: 'conv-1', author: 'visitor', typing: true, at: Date.now() });
    void useConversationsStore().select('conv-1');
    const wrapper = mount(ConversationView);
    await vi.waitFor(() => expect(wrapper.get('[data-testid="typing-indicator"]').text()).toBe('Vera Visitor is typing…'));

    await wrapper.get('[data-testid="composer-input"]').setValue('Hel');
    await vi.waitFor(() => expect(sent).toEqual([{ conversationId: 'conv-1', typing: true }]));
  });

  it('offers the transcript download once the chat has ended', async () => {
    await upsertConversations([conversation({ status: 'ended', endedAt: 5, lastSeq: 1 })]);
    await putMessages([message({ seq: 1 })]);
    void useConversationsStore().select('conv-1');
    const wrapper = mount(ConversationView);
    await vi.waitFor(() => expect(wrapper.find('[data-testid="transcript-download"]').exists()).toBe(true));
  });
});

describe('keyboard', () => {
  it('Alt+↓ moves to the next conversation and Alt+A accepts the first offer', async () => {
    const accepted: unknown[] = [];
    onCommand('acceptOffer', ({ data }) => {
      accepted.push(data);
      return { ok: true, data: conversation({ id: 'conv-9' }) };
    });
    await upsertConversations([conversation({ id: 'a', createdAt: 2 }), conversation({ id: 'b', createdAt: 1 })]);
    await db.offers.put(offer({ id: 'o1' }));
    const wrapper = mount(InboxWorkspace, { attachTo: document.body });
    const conversations = useConversationsStore();
    await vi.waitFor(() => expect(wrapper.findAll('[data-testid="conversation-item"]')).toHaveLength(2));

    window.dispatchEvent(new KeyboardEvent('keydown', { altKey: true, key: 'ArrowDown', code: 'ArrowDown' }));
    expect(conversations.selectedId).toBe('a');
    window.dispatchEvent(new KeyboardEvent('keydown', { altKey: true, key: 'ArrowDown', code: 'ArrowDown' }));
    expect(conversations.selectedId).toBe('b');
    await vi.waitFor(() => expect(wrapper.find('[data-testid="offer-banner"]').exists()).toBe(true));
    window.dispatchEvent(new KeyboardEvent('keydown', { altKey: true, key: 'å', code: 'KeyA' }));
    await vi.waitFor(() => expect(accepted).toEqual([{ offerId: 'o1' }]));
    await vi.waitFor(() => expect(conversations.selectedId).toBe('conv-9'));
    wrapper.unmount();
  });
});

describe('signed out', () => {
  it('says so on the sign-in screen when the server ended the session', async () => {
    await sessionExpiredItem.setValue(true);
    await useSessionStore().load();
    const wrapper = mount(AuthSignInForm);
    expect(wrapper.get('[data-testid="signed-out-banner"]').text()).toBe('You were signed out. Please sign in again.');
  });
});
