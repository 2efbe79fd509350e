import { mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import ConversationMessage from '../../../components/conversation/ConversationMessage.vue';
import ConversationRating from '../../../components/conversation/ConversationRating.vue';
import ConversationTags from '../../../components/conversation/ConversationTags.vue';
import { toTimelineEntry } from '../../../stores/conversations.ts';
import { db } from '../../../utils/db.ts';
import { onCommand } from '../../../utils/messaging.ts';
import { transcriptText } from '../../../utils/transcript.ts';
import { conversation, message } from '../helpers/fixtures.ts';
import { resetExtension } from '../helpers/reset.ts';

beforeEach(async () => {
  await resetExtension();
  setActivePinia(createPinia());
});

describe('internal notes', () => {
  it('a note is shown marked as an internal note; a message is not', () => {
    const note = mount(ConversationMessage, { props: { entry: toTimelineEntry(message({ author: 'agent', body: 'reseller', note: true })) } });
    expect(note.get('[data-testid="message"]').attributes('data-note')).toBe('true');
    expect(note.get('[data-testid="note-label"]').text()).toBe('Internal note');
    const plain = mount(ConversationMessage, { props: { entry: toTimelineEntry(message({ author: 'agent', body: 'hello' })) } });
    expect(plain.find('[data-testid="note-label"]').exists()).toBe(false);
  });

  it('the transcript file marks notes as notes', () => {
    const text = transcriptText(conversation(), [message({ seq: 1, author: 'agent', authorName: 'Ada', body: 'reseller', note: true }), message({ seq: 2, author: 'agent', authorName: 'Ada', body: 'hi' })], 'en');
    expect(text).toMatch(/\] Ada \(internal note\):\n {2}reseller/);
    expect(text).toMatch(/\] Ada:\n {2}hi/);
  });
});

describe('ConversationTags', () => {
  it('shows the chat’s tags as chips and offers only the others to add', async () => {
    onCommand('listTags', () => ({ ok: true, data: [] }));
    await db.meta.put({ key: 'tags', value: [{ id: 't1', name: 'billing' }, { id: 't2', name: 'vip' }] });
    const wrapper = mount(ConversationTags, { props: { conversationId: 'c1', tags: [{ id: 't1', name: 'billing' }] } });
    expect(wrapper.findAll('[data-testid="tag-chip"]').map((c) => c.text())).toEqual(['billing ×']);
    await vi.waitFor(() => expect(wrapper.findAll('[data-testid="tag-add"] option').map((o) => o.text())).toEqual(['+ Add a tag', 'vip']));
  });

  it('adding and removing send tagConversation on and off', async () => {
    const asked: unknown[] = [];
    onCommand('listTags', () => ({ ok: true, data: [] }));
    onCommand('tagConversation', ({ data }) => {
      asked.push(data);
      return { ok: true, data: { conversationId: 'c1', tags: [] } };
    });
    await db.meta.put({ key: 'tags', value: [{ id: 't1', name: 'billing' }, { id: 't2', name: 'vip' }] });
    const wrapper = mount(ConversationTags, { props: { conversationId: 'c1', tags: [{ id: 't1', name: 'billing' }] } });
    await vi.waitFor(() => expect(wrapper.find('[data-testid="tag-add"]').exists()).toBe(true));
    await wrapper.get('[data-testid="tag-add"]').setValue('t2');
    await wrapper.get('[aria-label="Remove the tag billing"]').trigger('click');
    await vi.waitFor(() => expect(asked).toHaveLength(2));
    expect(asked).toEqual([
      { conversationId: 'c1', tagId: 't2', on: true },
      { conversationId: 'c1', tagId: 't1', on: false },
    ]);
  });
});

describe('ConversationRating', () => {
  it('shows the score as stars, says it in words, and shows the comment as text', () => {
    const wrapper = mount(ConversationRating, { props: { rating: { score: 4, comment: '<b>kind</b>', createdAt: 1 } } });
    expect(wrapper.get('.stars').text()).toBe('★★★★☆');
    expect(wrapper.text()).toContain('4 of 5 stars');
    expect(wrapper.get('[data-testid="rating-comment"]').text()).toBe('<b>kind</b>');
    expect(wrapper.find('b').exists()).toBe(false);
  });
});
