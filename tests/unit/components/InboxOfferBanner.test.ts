import { mount } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import InboxOfferBanner from '../../../components/inbox/InboxOfferBanner.vue';
import { conversation, offer, visitor } from '../helpers/fixtures.ts';

const NOW = 1_000_000;

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(NOW);
});

afterEach(() => {
  vi.useRealTimers();
});

const pending = offer({
  id: 'o1',
  createdAt: NOW,
  expiresAt: NOW + 45_000,
  conversation: conversation({ status: 'waiting', visitor: visitor({ name: 'Vera Visitor' }) }),
});

describe('InboxOfferBanner', () => {
  it("shows the visitor's name and a countdown of the seconds left, ticking down", async () => {
    const wrapper = mount(InboxOfferBanner, { props: { offer: pending } });
    expect(wrapper.get('[data-testid="offer-visitor-name"]').text()).toBe('Vera Visitor');
    expect(wrapper.get('[data-testid="offer-countdown"]').text()).toBe('45 s left');

    await vi.advanceTimersByTimeAsync(10_000);
    expect(wrapper.get('[data-testid="offer-countdown"]').text()).toBe('35 s left');

    await vi.advanceTimersByTimeAsync(60_000);
    expect(wrapper.get('[data-testid="offer-countdown"]').text()).toBe('0 s left');
  });

  it("never shows more than the offer's whole time when the clock estimate runs behind the server", () => {
    const fresh = offer({ ...pending, createdAt: NOW + 2_000, expiresAt: NOW + 47_000 });
    const wrapper = mount(InboxOfferBanner, { props: { offer: fresh } });
    expect(wrapper.get('[data-testid="offer-countdown"]').text()).toBe('45 s left');
  });

  it('emits accept and decline with the offer id', async () => {
    const wrapper = mount(InboxOfferBanner, { props: { offer: pending } });
    await wrapper.get('[data-testid="offer-accept"]').trigger('click');
    await wrapper.get('[data-testid="offer-decline"]').trigger('click');
    expect(wrapper.emitted('accept')).toEqual([['o1']]);
    expect(wrapper.emitted('decline')).toEqual([['o1']]);
  });

  it('disables both answers while one is on its way', () => {
    const wrapper = mount(InboxOfferBanner, { props: { offer: pending, busy: true } });
    expect(wrapper.get('[data-testid="offer-accept"]').attributes('disabled')).toBeDefined();
    expect(wrapper.get('[data-testid="offer-decline"]').attributes('disabled')).toBeDefined();
  });
});
