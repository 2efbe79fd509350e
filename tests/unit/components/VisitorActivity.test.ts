import { mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import VisitorActivity from '../../../components/visitor/VisitorActivity.vue';
import { putMessages, upsertConversations } from '../../../entrypoints/background/cache.ts';
import type { ActivityDTO } from '../../../protocol/inbox.ts';
import { useSessionStore } from '../../../stores/session.ts';
import { onCommand } from '../../../utils/messaging.ts';
import { connectionItem } from '../../../utils/storage.ts';
import { conversation, message, T0 } from '../helpers/fixtures.ts';
import { resetExtension } from '../helpers/reset.ts';

beforeEach(async () => {
  await resetExtension();
  setActivePinia(createPinia());
});

const activities: ActivityDTO[] = [
  { id: 'p1:end', type: 'chat_ended', at: T0 + 60_000, conversationId: 'p1', title: 'Bo', url: null },
  { id: 'p1:start', type: 'chat_started', at: T0, conversationId: 'p1', title: 'Bo', url: 'https://shop.test/' },
];

describe('VisitorActivity', () => {
  it('lists activity types with their dates, newest first', async () => {
    onCommand('visitorHistory', () => ({ ok: true, data: { visitorId: 'visitor-1', activities } }));
    const wrapper = mount(VisitorActivity, { props: { visitorId: 'visitor-1' } });
    await vi.waitFor(() => expect(wrapper.findAll('[data-testid="activity-item"]')).toHaveLength(2));
    const rows = wrapper.findAll('[data-testid="activity-item"]');
    expect(rows[0]!.text()).toContain('Chat ended');
    expect(rows[1]!.text()).toContain('Chat started');
    expect(rows[1]!.get('time').attributes('datetime')).toBe(new Date(T0).toISOString());
  });

  it('names page visits with their address and meetings with their time', async () => {
    const logged: ActivityDTO[] = [
      { id: 'm1', type: 'meeting_booked', at: T0 + 2000, conversationId: null, title: 'Bo', url: null, meeting: { id: 'mt', start: T0 + 86_400_000, end: T0 + 88_200_000 } },
      { id: 'v1', type: 'page_visit', at: T0 + 1000, conversationId: null, title: 'Pricing', url: 'https://shop.test/pricing' },
    ];
    onCommand('visitorHistory', () => ({ ok: true, data: { visitorId: 'visitor-1', activities: logged } }));
    const wrapper = mount(VisitorActivity, { props: { visitorId: 'visitor-1' } });
    await vi.waitFor(() => expect(wrapper.findAll('[data-testid="activity-item"]')).toHaveLength(2));
    const [meeting, visit] = wrapper.findAll('[data-testid="activity-item"]');
    expect(meeting!.text()).toContain('Meeting booked');
    expect(meeting!.text()).toContain('Meeting at');
    expect(visit!.text()).toContain('Page visited');
    expect(visit!.get('[data-testid="activity-url"]').text()).toBe('https://shop.test/pricing');
    expect(visit!.find('[data-testid="activity-transcript"]').exists()).toBe(false);
  });

  it('opens a transcript in place, with its download', async () => {
    onCommand('visitorHistory', () => ({ ok: true, data: { visitorId: 'visitor-1', activities } }));
    onCommand('openConversation', async () => {
      await upsertConversations([conversation({ id: 'p1', status: 'ended', endedAt: T0 + 60_000 })]);
      await putMessages([message({ conversationId: 'p1', seq: 1, body: 'Is the blue one in stock?' })]);
      return { ok: true, data: null };
    });
    const wrapper = mount(VisitorActivity, { props: { visitorId: 'visitor-1' } });
    await vi.waitFor(() => expect(wrapper.findAll('[data-testid="activity-transcript"]')).toHaveLength(2));
    await wrapper.findAll('[data-testid="activity-transcript"]')[0]!.trigger('click');
    await vi.waitFor(() => expect(wrapper.find('[data-testid="transcript"]').text()).toContain('Is the blue one in stock?'));
    expect(wrapper.find('[data-testid="transcript-download"]').exists()).toBe(true);
    expect(wrapper.findAll('[data-testid="activity-transcript"]')[0]!.attributes('aria-expanded')).toBe('true');
  });

  it("lets the keyboard reach an open transcript's scrolling list: focusable and named after the chat", async () => {
    onCommand('visitorHistory', () => ({ ok: true, data: { visitorId: 'visitor-1', activities } }));
    onCommand('openConversation', async () => {
      await upsertConversations([conversation({ id: 'p1', status: 'ended', endedAt: T0 + 60_000 })]);
      await putMessages([message({ conversationId: 'p1', seq: 1, body: 'Is the blue one in stock?' })]);
      return { ok: true, data: null };
    });
    const wrapper = mount(VisitorActivity, { props: { visitorId: 'visitor-1' } });
    await vi.waitFor(() => expect(wrapper.findAll('[data-testid="activity-transcript"]')).toHaveLength(2));
    await wrapper.findAll('[data-testid="activity-transcript"]')[0]!.trigger('click');
    await vi.waitFor(() => expect(wrapper.find('[data-testid="transcript-messages"]').text()).toContain('Is the blue one in stock?'));

    const list = wrapper.get('[data-testid="transcript-messages"]');
    expect(list.attributes('tabindex')).toBe('0');
    expect(list.attributes('aria-label')).toBe('Chat with Vera Visitor');
  });

  it('says when there is no activity, and when it cannot be loaded', async () => {
    onCommand('visitorHistory', ({ data }) =>
      data.visitorId === 'quiet' ? { ok: true, data: { visitorId: 'quiet', activities: [] } } : { ok: false, error: 'offline' },
    );
    const quiet = mount(VisitorActivity, { props: { visitorId: 'quiet' } });
    await vi.waitFor(() => expect(quiet.text()).toContain('No activity in the last 90 days.'));
    const failing = mount(VisitorActivity, { props: { visitorId: 'other' } });
    await vi.waitFor(() => expect(failing.text()).toContain('cannot be loaded'));
  });

  it('loads the history again by itself when the connection comes back', async () => {
    await connectionItem.setValue({ status: 'offline', since: 1 });
    await useSessionStore().load();
    let reachable = false;
    onCommand('visitorHistory', () => (reachable ? { ok: true, data: { visitorId: 'visitor-1', activities } } : { ok: false, error: 'offline' }));
    const wrapper = mount(VisitorActivity, { props: { visitorId: 'visitor-1' } });
    await vi.waitFor(() => expect(wrapper.text()).toContain('cannot be loaded'));

    reachable = true;
    await connectionItem.setValue({ status: 'online', since: 2 });
    await vi.waitFor(() => expect(wrapper.findAll('[data-testid="activity-item"]')).toHaveLength(2));
    expect(wrapper.text()).not.toContain('cannot be loaded');
  });

  it('offers a Retry button while the history cannot be loaded, which loads it again', async () => {
    let reachable = false;
    onCommand('visitorHistory', () => (reachable ? { ok: true, data: { visitorId: 'visitor-1', activities } } : { ok: false, error: 'timeout' }));
    const wrapper = mount(VisitorActivity, { props: { visitorId: 'visitor-1' } });
    await vi.waitFor(() => expect(wrapper.find('[data-testid="activity-retry"]').exists()).toBe(true));
    expect(wrapper.get('[data-testid="activity-retry"]').element.tagName).toBe('BUTTON');

    reachable = true;
    await wrapper.get('[data-testid="activity-retry"]').trigger('click');
    await vi.waitFor(() => expect(wrapper.findAll('[data-testid="activity-item"]')).toHaveLength(2));
    expect(wrapper.find('[data-testid="activity-retry"]').exists()).toBe(false);
  });
});
