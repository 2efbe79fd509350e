import { flushPromises, mount } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import AdminLive from '../../../components/admin/AdminLive.vue';
import type { LiveDeskDTO } from '../../../protocol/reports.ts';
import { resetExtension } from '../helpers/reset.ts';
import { fakeAdminServer } from './helpers.ts';

let visibility: DocumentVisibilityState = 'visible';

beforeEach(async () => {
  await resetExtension();
  visibility = 'visible';
  vi.spyOn(document, 'visibilityState', 'get').mockImplementation(() => visibility);
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

function setVisibility(state: DocumentVisibilityState): void {
  visibility = state;
  document.dispatchEvent(new Event('visibilitychange'));
}

const desk = (overrides: Partial<LiveDeskDTO> = {}): LiveDeskDTO => ({
  at: 0,
  timeZone: 'UTC',
  agents: [{ agentId: 'a1', name: 'Ada', online: true, returning: false, available: true, activeChats: 1, pendingOffers: 0, capacity: 10 }],
  waiting: [
    {
      conversationId: 'c2',
      visitorName: 'Walt',
      requestedAt: 0,
      waitingMs: 75_000,
      queuePosition: 1,
      offersMade: 0,
      offer: null,
    },
  ],
  waitingForOffer: 1,
  missedToday: [],
  missedTodayCount: 0,
  active: [{ conversationId: 'c1', visitorName: 'Vera', agentId: 'a1', agentName: 'Ada', requestedAt: 0 }],
  ...overrides,
});

describe('Live in the admin console', () => {
  it('shows the agents’ load, the queue with places and waits, and the chats now', async () => {
    fakeAdminServer({ 'admin:live:get': () => ({ ok: true, data: desk() }) });
    const wrapper = mount(AdminLive, { props: { intervalMs: 60_000 } });
    await vi.waitFor(() => expect(wrapper.find('[data-testid="live-figures"]').exists()).toBe(true));
    expect(wrapper.get('[data-testid="live-agent-Ada"]').text()).toContain('1/10');
    const walt = wrapper.get('[data-testid="live-waiting-Walt"]');
    expect(walt.get('[data-testid="queue-position"]').text()).toBe('1');
    expect(walt.text()).toContain('1 min 15 s');
    expect(walt.text()).toContain('No offer yet');
    expect(wrapper.get('[data-testid="live-waiting-for-offer"]').text()).toBe('1');
    expect(wrapper.get('[data-testid="live-active-Vera"]').text()).toContain('Ada');
    wrapper.unmount();
  });

  it('asks again every interval while the page is visible, not while it is hidden, and at once when it shows again', async () => {
    vi.useFakeTimers();
    const sent = fakeAdminServer({ 'admin:live:get': () => ({ ok: true, data: desk() }) });
    const asked = () => sent.filter((s) => s.event === 'admin:live:get').length;
    const wrapper = mount(AdminLive, { props: { intervalMs: 2500 } });
    await vi.waitFor(() => expect(asked()).toBe(1));
    await flushPromises();
    await vi.advanceTimersByTimeAsync(2500);
    await vi.waitFor(() => expect(asked()).toBe(2));
    await flushPromises();

    setVisibility('hidden');
    await vi.advanceTimersByTimeAsync(10_000);
    expect(asked()).toBe(2);

    setVisibility('visible');
    await vi.waitFor(() => expect(asked()).toBe(3));
    wrapper.unmount();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(asked()).toBe(3);
  });

  it('opens an active chat read-only, its text shown as text', async () => {
    const sent = fakeAdminServer({
      'admin:live:get': () => ({ ok: true, data: desk() }),
      'admin:chat:view': () => ({
        ok: true,
        data: {
          conversation: { id: 'c1', visitor: { name: 'Vera' }, agentName: 'Ada' },
          messages: [{ id: 'm1', author: 'visitor', authorName: null, body: '<b>help</b>', createdAt: 0 }],
        },
      }),
    });
    const wrapper = mount(AdminLive, { props: { intervalMs: 60_000 } });
    await vi.waitFor(() => expect(wrapper.find('[data-testid="live-view"]').exists()).toBe(true));
    await wrapper.get('[data-testid="live-view"]').trigger('click');
    await vi.waitFor(() => expect(wrapper.find('[data-testid="chat-view"]').exists()).toBe(true));
    expect(sent.at(-1)).toEqual({ event: 'admin:chat:view', data: { conversationId: 'c1' } });
    expect(wrapper.get('[data-testid="chat-view"]').text()).toContain('<b>help</b>');
    expect(wrapper.get('[data-testid="chat-view"]').find('b').exists()).toBe(false);
    wrapper.unmount();
  });
});
