import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import InboxConversationList from '../../../components/inbox/InboxConversationList.vue';
import { upsertConversations } from '../../../entrypoints/background/cache.ts';
import { useSessionStore } from '../../../stores/session.ts';
import { db } from '../../../utils/db.ts';
import type { ConversationListInput } from '../../../protocol/inbox.ts';
import { onCommand, type CommandResult } from '../../../utils/messaging.ts';
import { agentItem } from '../../../utils/storage.ts';
import { agent, conversation, T0, visitor } from '../helpers/fixtures.ts';
import { resetExtension } from '../helpers/reset.ts';

const listCalls: ConversationListInput[] = [];
type ListAnswer = (input: ConversationListInput) => CommandResult<{ ids: string[]; nextCursor: string | null }>;
let answer: ListAnswer;

beforeEach(async () => {
  await resetExtension();
  listCalls.length = 0;
  answer = (input) => ({ ok: true, data: { ids: input.query ? ['p-7'] : [], nextCursor: null } });
  onCommand('listConversations', ({ data }) => {
    listCalls.push(data);
    return answer(data);
  });
  setActivePinia(createPinia());
  await agentItem.setValue(agent());
  await useSessionStore().load();
});

const items = (wrapper: ReturnType<typeof mount>) => wrapper.findAll('[data-testid="conversation-item"]');

async function seedPast(count: number): Promise<void> {
  await upsertConversations(
    Array.from({ length: count }, (_, i) =>
      conversation({ id: `p-${i}`, status: 'ended', agentId: 'agent-2', agentName: 'Bo', createdAt: T0 + i * 1000, endedAt: T0 + i * 1000 + 1, visitor: visitor({ name: `Visitor ${i}` }) }),
    ),
  );
}

describe('conversation list: Active and All', () => {
  it('switches between the own active chats and all cached ones, marking the chosen filter', async () => {
    await upsertConversations([conversation({ id: 'mine' })]);
    await seedPast(2);
    const wrapper = mount(InboxConversationList);
    await vi.waitFor(() => expect(items(wrapper)).toHaveLength(1));
    expect(wrapper.get('[data-testid="filter-active"]').attributes('aria-pressed')).toBe('true');

    await wrapper.get('[data-testid="filter-all"]').trigger('click');
    await vi.waitFor(() => expect(items(wrapper)).toHaveLength(3));
    expect(wrapper.get('[data-testid="filter-all"]').attributes('aria-pressed')).toBe('true');
    expect(wrapper.get('[data-conversation-id="p-1"]').text()).toContain('Ended');
    expect(listCalls).toContainEqual({ filter: 'all' });
  });

  it('renders only a window of rows however many conversations are cached', async () => {
    await seedPast(2000);
    const wrapper = mount(InboxConversationList);
    await wrapper.get('[data-testid="filter-all"]').trigger('click');
    await vi.waitFor(() => expect(items(wrapper).length).toBeGreaterThan(0));
    expect(items(wrapper).length).toBeLessThan(60);
    // newest activity first
    expect(items(wrapper)[0]!.attributes('data-conversation-id')).toBe('p-1999');
    expect(await db.conversations.count()).toBe(2000);
  });

  it('searches through the server and shows only the matches', async () => {
    await seedPast(10);
    const wrapper = mount(InboxConversationList);
    await wrapper.get('[data-testid="filter-all"]').trigger('click');
    await vi.waitFor(() => expect(items(wrapper)).toHaveLength(10));
    await wrapper.get('[data-testid="conversation-search"]').setValue('Visitor 7');
    await vi.waitFor(() => expect(items(wrapper)).toHaveLength(1), { timeout: 2000 });
    expect(items(wrapper)[0]!.attributes('data-conversation-id')).toBe('p-7');
    expect(listCalls).toContainEqual({ filter: 'all', query: 'Visitor 7', limit: 100 });
  });

  it('shows the unread count of an active chat', async () => {
    await upsertConversations([conversation({ id: 'mine', lastSeq: 3 })]);
    const wrapper = mount(InboxConversationList);
    await vi.waitFor(() => expect(wrapper.find('[data-testid="unread-count"]').exists()).toBe(true));
    expect(wrapper.get('[data-testid="unread-count"]').text()).toBe('3');
    await flushPromises();
  });
});

describe('conversation list: loading and failure', () => {
  it('says past conversations could not be loaded when offline with nothing cached', async () => {
    answer = () => ({ ok: false, error: 'offline' });
    const wrapper = mount(InboxConversationList);
    await wrapper.get('[data-testid="filter-all"]').trigger('click');
    await vi.waitFor(() => expect(wrapper.text()).toContain('Could not load past conversations'));
    expect(items(wrapper)).toHaveLength(0);
  });

  it('says when a search finds nothing', async () => {
    await seedPast(3);
    answer = () => ({ ok: true, data: { ids: [], nextCursor: null } });
    const wrapper = mount(InboxConversationList);
    await wrapper.get('[data-testid="filter-all"]').trigger('click');
    await vi.waitFor(() => expect(items(wrapper)).toHaveLength(3));
    await wrapper.get('[data-testid="conversation-search"]').setValue('nobody');
    await vi.waitFor(() => expect(wrapper.text()).toContain('No conversation matches.'), { timeout: 2000 });
  });
});
