import { mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import InboxConversationList from '../../../components/inbox/InboxConversationList.vue';
import InboxSearchSnippet from '../../../components/inbox/InboxSearchSnippet.vue';
import { putMessages } from '../../../entrypoints/background/cache.ts';
import type { SearchInput, SearchPage, Snippet } from '../../../protocol/toolkit.ts';
import { useConversationsStore } from '../../../stores/conversations.ts';
import { useSessionStore } from '../../../stores/session.ts';
import { onCommand } from '../../../utils/messaging.ts';
import { agentItem } from '../../../utils/storage.ts';
import { agent, conversation, message, visitor } from '../helpers/fixtures.ts';
import { resetExtension } from '../helpers/reset.ts';

const snippet = (overrides: Partial<Snippet> = {}): Snippet => ({ text: 'the parcel was periwinkle blue', highlights: [{ start: 15, end: 25 }], cutStart: false, cutEnd: false, ...overrides });

describe('InboxSearchSnippet', () => {
  it('marks exactly the highlighted ranges and shows where the text was cut', () => {
    const wrapper = mount(InboxSearchSnippet, { props: { snippet: snippet({ cutStart: true, cutEnd: true }) } });
    expect(wrapper.findAll('mark').map((m) => m.text())).toEqual(['periwinkle']);
    expect(wrapper.text()).toBe('…the parcel was periwinkle blue…');
  });

  it('renders a message that holds markup as text, marks included', () => {
    const text = '<img src=x onerror=alert(1)> <b>bold</b>';
    const wrapper = mount(InboxSearchSnippet, { props: { snippet: snippet({ text, highlights: [{ start: text.indexOf('bold'), end: text.indexOf('bold') + 4 }] }) } });
    expect(wrapper.find('img').exists()).toBe(false);
    expect(wrapper.find('b').exists()).toBe(false);
    expect(wrapper.text()).toBe(text);
    expect(wrapper.get('mark').text()).toBe('bold');
  });

  it('ignores overlapping and empty ranges instead of repeating text', () => {
    const wrapper = mount(InboxSearchSnippet, { props: { snippet: snippet({ text: 'abcdef', highlights: [{ start: 1, end: 4 }, { start: 2, end: 3 }, { start: 5, end: 5 }] }) } });
    expect(wrapper.text()).toBe('abcdef');
    expect(wrapper.findAll('mark').map((m) => m.text())).toEqual(['bcd']);
  });
});

describe('All: search in messages', () => {
  const searches: SearchInput[] = [];
  const lists: unknown[] = [];
  const past = conversation({ id: 'past', status: 'ended', endedAt: 9, agentId: 'agent-2', lastSeq: 3, visitor: visitor({ name: 'Vera' }) });
  let page: SearchPage | null;

  beforeEach(async () => {
    await resetExtension();
    searches.length = 0;
    lists.length = 0;
    page = { items: [{ conversation: past, messageId: 'm2', seq: 2, author: 'visitor', note: false, createdAt: 5, snippet: snippet() }], nextCursor: null };
    onCommand('listConversations', ({ data }) => {
      lists.push(data);
      return { ok: true, data: { ids: [], nextCursor: null } };
    });
    onCommand('listTags', () => ({ ok: true, data: [] }));
    onCommand('openConversation', () => ({ ok: true, data: null }));
    onCommand('searchMessages', ({ data }) => {
      searches.push(data);
      return page ? { ok: true, data: page } : { ok: false, error: 'timeout' };
    });
    setActivePinia(createPinia());
    await agentItem.setValue(agent());
    await useSessionStore().load();
  });

  async function searchFor(text: string) {
    const wrapper = mount(InboxConversationList);
    await wrapper.get('[data-testid="filter-all"]').trigger('click');
    await wrapper.get('[data-testid="conversation-search"]').setValue(text);
    return wrapper;
  }

  it('asks the server to search the messages and lists each hit with its marked snippet', async () => {
    const wrapper = await searchFor('periwinkle');
    await vi.waitFor(() => expect(wrapper.findAll('[data-testid="search-hit"]')).toHaveLength(1), { timeout: 2000 });
    expect(searches).toEqual([{ query: 'periwinkle' }]);
    const hit = wrapper.get('[data-testid="search-hit"]');
    expect(hit.text()).toContain('Vera');
    expect(hit.get('mark').text()).toBe('periwinkle');
  });

  it('says so when no message matches, and when the search failed', async () => {
    page = { items: [], nextCursor: null };
    const wrapper = await searchFor('nothing');
    await vi.waitFor(() => expect(wrapper.get('[data-testid="search-hits"]').text()).toContain('No message matches.'), { timeout: 2000 });
    page = null;
    await wrapper.get('[data-testid="conversation-search"]').setValue('broken');
    await vi.waitFor(() => expect(wrapper.get('[data-testid="search-hits"]').text()).toContain('Searching the messages failed.'), { timeout: 2000 });
  });

  it('a tag filter asks the server for the chats with that tag, and for the messages in them', async () => {
    const { db } = await import('../../../utils/db.ts');
    await db.meta.put({ key: 'tags', value: [{ id: 't1', name: 'billing' }] });
    const wrapper = mount(InboxConversationList);
    await wrapper.get('[data-testid="filter-all"]').trigger('click');
    await vi.waitFor(() => expect(wrapper.find('[data-testid="tag-filter"]').exists()).toBe(true));
    await wrapper.get('[data-testid="tag-filter"]').setValue('t1');
    await vi.waitFor(() => expect(lists).toContainEqual({ filter: 'all', tagId: 't1', limit: 100 }));
    await wrapper.get('[data-testid="conversation-search"]').setValue('periwinkle');
    await vi.waitFor(() => expect(searches).toContainEqual({ query: 'periwinkle', tagId: 't1' }), { timeout: 2000 });
  });

  it('a hit opens its chat with the found message in the window, marked', async () => {
    await putMessages([message({ conversationId: 'past', seq: 1, clientId: 'a' }), message({ conversationId: 'past', seq: 2, clientId: 'b' }), message({ conversationId: 'past', seq: 3, clientId: 'c' })]);
    const wrapper = await searchFor('periwinkle');
    await vi.waitFor(() => expect(wrapper.findAll('[data-testid="search-hit"]')).toHaveLength(1), { timeout: 2000 });
    await wrapper.get('[data-testid="search-hit"]').trigger('click');
    const conversations = useConversationsStore();
    await vi.waitFor(() => expect(conversations.selectedId).toBe('past'));
    await vi.waitFor(() => expect(conversations.focusSeq).toBe(2));
    expect(conversations.timeline.map((e) => e.seq)).toContain(2);
  });
});
