import { mount } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import ConversationMessage from '../../../components/conversation/ConversationMessage.vue';
import type { MessageNotice } from '../../../protocol/notices.ts';
import { toTimelineEntry } from '../../../stores/conversations.ts';
import { message } from '../helpers/fixtures.ts';

beforeEach(() => {
  vi.spyOn(navigator, 'languages', 'get').mockReturnValue(['de-DE', 'de']);
});
afterEach(() => {
  vi.restoreAllMocks();
});

const shown = (notice: MessageNotice | undefined, body = 'English text') =>
  mount(ConversationMessage, { props: { entry: toTimelineEntry(message({ author: 'system', authorName: null, body, ...(notice ? { notice } : {}) })) } })
    .get('.body')
    .text();

describe('ConversationMessage in German', () => {
  it('words each notice from the German table instead of the English body', () => {
    expect(shown({ kind: 'agent_joined', name: 'Ada' })).toBe('Ada ist dem Chat beigetreten');
    expect(shown({ kind: 'chat_ended', by: 'visitor' })).toBe('Der Besucher hat den Chat beendet');
    expect(shown({ kind: 'chat_ended', by: 'agent', name: 'Ada' })).toBe('Chat von Ada beendet');
    expect(shown({ kind: 'idle_ended', minutes: 10 })).toBe('Chat nach 10 Minuten ohne Aktivität beendet');
    expect(shown({ kind: 'idle_ended', minutes: 1 })).toBe('Chat nach 1 Minute ohne Aktivität beendet');
    expect(shown({ kind: 'idle_ended', minutes: 0 })).toBe('Chat nach einer Weile ohne Aktivität beendet');
    expect(shown({ kind: 'agent_unavailable', name: 'Ada' })).toBe('Ada ist nicht mehr erreichbar. Der Chat geht an einen anderen Mitarbeiter.');
  });

  it('shows a system line without a notice (stored before notices) as its plain text', () => {
    expect(shown(undefined, 'Ada joined the chat')).toBe('Ada joined the chat');
  });

  it('shows a notice of a kind this build does not know (a newer server’s) as its body', () => {
    expect(shown({ kind: 'agent_left' } as unknown as MessageNotice, 'Ada left the chat')).toBe('Ada left the chat');
  });

  it('renders a name in a notice as text', () => {
    const wrapper = mount(ConversationMessage, {
      props: { entry: toTimelineEntry(message({ author: 'system', authorName: null, notice: { kind: 'agent_joined', name: '<b>Ada</b>' } })) },
    });
    expect(wrapper.find('.body b').exists()).toBe(false);
    expect(wrapper.get('.body').text()).toBe('<b>Ada</b> ist dem Chat beigetreten');
  });
});
