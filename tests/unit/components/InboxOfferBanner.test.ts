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
    expect(wrapper.get('.who').text()).toBe('Vera Visitor wants to chat');
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

  it("shows the visitor's first message as text and the page they are on, by its title", () => {
    const wrapper = mount(InboxOfferBanner, {
      props: { offer: { ...pending, firstMessage: 'Is the <b>blue</b> boiler in stock?', page: { url: 'https://shop.test/pricing', title: 'Pricing' } } },
    });
    const first = wrapper.get('[data-testid="offer-first-message"]');
    expect(first.text()).toBe('Is the <b>blue</b> boiler in stock?');
    expect(first.find('b').exists()).toBe(false);
    expect(wrapper.get('[data-testid="offer-page"]').text()).toBe('on Pricing');
    expect(wrapper.get('[data-testid="offer-page"]').attributes('title')).toBe('https://shop.test/pricing');
  });

  it('names the page by its address when it has no title, and shows neither line when the offer has neither', () => {
    const untitled = mount(InboxOfferBanner, { props: { offer: { ...pending, page: { url: 'https://shop.test/pricing', title: null } } } });
    expect(untitled.get('[data-testid="offer-page"]').text()).toBe('on https://shop.test/pricing');
    const bare = mount(InboxOfferBanner, { props: { offer: pending } });
    expect(bare.find('[data-testid="offer-first-message"]').exists()).toBe(false);
    expect(bare.find('[data-testid="offer-page"]').exists()).toBe(false);
  });

  it('a compact row keeps the name, the countdown and both answers, each named with the visitor', () => {
    const wrapper = mount(InboxOfferBanner, { props: { offer: { ...pending, firstMessage: 'Hello' }, compact: true } });
    expect(wrapper.get('[data-testid="offer-visitor-name"]').text()).toBe('Vera Visitor');
    expect(wrapper.get('[data-testid="offer-countdown"]').text()).toBe('45 s left');
    expect(wrapper.find('[data-testid="offer-first-message"]').exists()).toBe(false);
    expect(wrapper.get('[data-testid="offer-accept"]').text()).toBe('Accept: Vera Visitor');
    expect(wrapper.get('[data-testid="offer-decline"]').text()).toBe('Decline: Vera Visitor');
  });
});
