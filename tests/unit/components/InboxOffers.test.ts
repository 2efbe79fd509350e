import { mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import InboxOffers from '../../../components/inbox/InboxOffers.vue';
import InboxWorkspace from '../../../components/inbox/InboxWorkspace.vue';
import { useSessionStore } from '../../../stores/session.ts';
import { db } from '../../../utils/db.ts';
import { onCommand } from '../../../utils/messaging.ts';
import { agentItem } from '../../../utils/storage.ts';
import { agent, conversation, offer, T0, visitor } from '../helpers/fixtures.ts';
import { resetExtension } from '../helpers/reset.ts';

beforeEach(async () => {
  await resetExtension();
  setActivePinia(createPinia());
  await agentItem.setValue(agent());
  await useSessionStore().load();
  vi.spyOn(Date, 'now').mockReturnValue(T0 + 5_000);
});

const request = (id: string, name: string, createdAt: number) =>
  offer({
    id,
    conversationId: `conv-${id}`,
    createdAt,
    expiresAt: createdAt + 45_000,
    firstMessage: `${name} asks something`,
    conversation: conversation({ id: `conv-${id}`, status: 'waiting', visitor: visitor({ name }) }),
  });

describe('several chat requests at once', () => {
  it('show the newest in full and the others as compact rows, soonest deadline first, each with its countdown and both answers', async () => {
    await db.offers.bulkPut([request('a', 'Ann', T0), request('c', 'Cy', T0 + 4_000), request('b', 'Bo', T0 + 2_000)]);
    const wrapper = mount(InboxOffers);
    await vi.waitFor(() => expect(wrapper.findAll('[data-testid="offer-banner"]')).toHaveLength(3));

    const [full, ...rows] = wrapper.findAll('[data-testid="offer-banner"]');
    expect(full!.attributes('data-compact')).toBeUndefined();
    expect(full!.get('[data-testid="offer-visitor-name"]').text()).toBe('Cy');
    expect(full!.get('[data-testid="offer-first-message"]').text()).toBe('Cy asks something');

    expect(wrapper.get('[data-testid="offer-others"]').element.tagName).toBe('UL');
    expect(rows.map((row) => row.attributes('data-compact'))).toEqual(['true', 'true']);
    expect(rows.map((row) => row.get('[data-testid="offer-visitor-name"]').text())).toEqual(['Ann', 'Bo']);
    expect(rows.map((row) => row.get('[data-testid="offer-countdown"]').text())).toEqual(['40 s left', '42 s left']);
    for (const banner of [full!, ...rows]) {
      for (const answer of ['offer-accept', 'offer-decline']) {
        const button = banner.get(`[data-testid="${answer}"]`);
        expect(button.element.tagName).toBe('BUTTON');
        expect(button.attributes('tabindex')).toBeUndefined();
        expect(button.attributes('disabled')).toBeUndefined();
      }
    }
  });

  it('Alt+A accepts the request shown in full', async () => {
    const accepted: unknown[] = [];
    onCommand('acceptOffer', ({ data }) => {
      accepted.push(data);
      return { ok: true, data: conversation({ id: 'conv-c' }) };
    });
    await db.offers.bulkPut([request('a', 'Ann', T0), request('c', 'Cy', T0 + 4_000)]);
    const wrapper = mount(InboxWorkspace, { attachTo: document.body });
    await vi.waitFor(() => expect(wrapper.findAll('[data-testid="offer-banner"]')).toHaveLength(2));
    window.dispatchEvent(new KeyboardEvent('keydown', { altKey: true, key: 'å', code: 'KeyA' }));
    await vi.waitFor(() => expect(accepted).toEqual([{ offerId: 'c' }]));
    wrapper.unmount();
  });
});
