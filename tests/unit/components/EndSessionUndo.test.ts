import { mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import InboxWorkspace from '../../../components/inbox/InboxWorkspace.vue';
import { upsertConversations } from '../../../entrypoints/background/cache.ts';
import { useConversationsStore } from '../../../stores/conversations.ts';
import { END_UNDO_MS } from '../../../stores/ending.ts';
import { useSessionStore } from '../../../stores/session.ts';
import { onCommand } from '../../../utils/messaging.ts';
import { agentItem } from '../../../utils/storage.ts';
import { agent, conversation } from '../helpers/fixtures.ts';
import { resetExtension } from '../helpers/reset.ts';

let ended: string[];
let wrapper: ReturnType<typeof mount> | undefined;

beforeEach(async () => {
  await resetExtension();
  setActivePinia(createPinia());
  await agentItem.setValue(agent());
  await useSessionStore().load();
  await upsertConversations([conversation({ id: 'conv-1' })]);
  ended = [];
  onCommand('endConversation', ({ data }) => {
    ended.push(data.conversationId);
    return { ok: true, data: conversation({ id: data.conversationId, status: 'ended' }) };
  });
  onCommand('visitorHistory', () => ({ ok: true, data: { visitorId: 'visitor-1', activities: [] } }));
});

afterEach(() => {
  wrapper?.unmount();
  wrapper = undefined;
  vi.useRealTimers();
});

async function openChat() {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
  wrapper = mount(InboxWorkspace, { attachTo: document.body });
  await useConversationsStore().select('conv-1');
  await vi.waitFor(() => expect(wrapper!.find('[data-testid="end-session"]').exists()).toBe(true));
  return wrapper;
}

const altE = () => window.dispatchEvent(new KeyboardEvent('keydown', { altKey: true, key: '€', code: 'KeyE' }));

describe('End session with undo', () => {
  it('End session turns into Undo with the seconds left, on the same focused button; the chat ends only after the moment', async () => {
    const wrapper = await openChat();
    const button = wrapper.get<HTMLButtonElement>('[data-testid="end-session"]');
    button.element.focus();
    await button.trigger('click');

    expect(button.text()).toBe('Ending in 5 s · Undo');
    expect(button.attributes('data-ending')).toBe('true');
    expect(document.activeElement).toBe(button.element);
    expect(wrapper.get('[role="status"].visually-hidden').text()).toContain('Undo keeps it open');
    expect(ended).toEqual([]);

    // the label ticks every 250 ms: 2.5 s on, 2.5 s are left
    await vi.advanceTimersByTimeAsync(2_500);
    expect(button.text()).toBe('Ending in 3 s · Undo');
    expect(ended).toEqual([]);
    await vi.advanceTimersByTimeAsync(2_500);
    await vi.waitFor(() => expect(ended).toEqual(['conv-1']));
  });

  it('pressing Undo within the moment keeps the chat open', async () => {
    const wrapper = await openChat();
    const button = wrapper.get('[data-testid="end-session"]');
    await button.trigger('click');
    await vi.advanceTimersByTimeAsync(1_000);
    await button.trigger('click');

    expect(button.text()).toBe('End session');
    await vi.advanceTimersByTimeAsync(END_UNDO_MS * 2);
    expect(ended).toEqual([]);
  });

  it('Alt+E starts the same undo moment, and Alt+E again within it keeps the chat', async () => {
    const wrapper = await openChat();
    altE();
    await vi.waitFor(() => expect(wrapper.get('[data-testid="end-session"]').attributes('data-ending')).toBe('true'));
    expect(ended).toEqual([]);
    altE();
    await vi.waitFor(() => expect(wrapper.get('[data-testid="end-session"]').text()).toBe('End session'));
    await vi.advanceTimersByTimeAsync(END_UNDO_MS * 2);
    expect(ended).toEqual([]);

    altE();
    await vi.advanceTimersByTimeAsync(END_UNDO_MS);
    await vi.waitFor(() => expect(ended).toEqual(['conv-1']));
  });
});
