import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import VisitorColumn from '../../../components/visitor/VisitorColumn.vue';
import { onCommand } from '../../../utils/messaging.ts';
import { visitorDetailsOpenItem } from '../../../utils/storage.ts';
import { conversation, visitor } from '../helpers/fixtures.ts';
import { resetExtension } from '../helpers/reset.ts';

beforeEach(async () => {
  await resetExtension();
  setActivePinia(createPinia());
  onCommand('visitorHistory', () => ({ ok: true, data: { visitorId: 'visitor-1', activities: [] } }));
});

const open = conversation({ visitor: visitor({ name: 'Vera Visitor', email: 'vera@example.com', crmStatus: 'Lead', jobTitle: 'CTO' }) });

async function mountColumn() {
  const wrapper = mount(VisitorColumn, { props: { conversation: open }, attachTo: document.body });
  await flushPromises();
  return wrapper;
}

describe('VisitorColumn', () => {
  it('sums the visitor up in one line (name, email, CRM status) whose toggle is folded and controls the details and the activity', async () => {
    const wrapper = await mountColumn();
    const toggle = wrapper.get('[data-testid="visitor-summary"]');
    expect(toggle.element.tagName).toBe('BUTTON');
    expect(toggle.text()).toContain('Vera Visitor · vera@example.com · Lead');
    expect(toggle.text()).not.toContain('CTO');
    expect(toggle.attributes('aria-expanded')).toBe('false');
    expect(wrapper.get('[data-testid="visitor-panel"]').attributes('data-expanded')).toBe('false');

    const controlled = toggle.attributes('aria-controls')!.split(' ');
    expect(controlled).toHaveLength(2);
    const regions = controlled.map((id) => document.getElementById(id));
    expect(regions[0]?.querySelector('[data-testid="visitor-job-title"]')?.textContent).toBe('CTO');
    expect(regions[1]?.getAttribute('data-testid')).toBe('activity-history');
    wrapper.unmount();
  });

  it('unfolds on the toggle and remembers it in the panel storage, for the next time the panel opens', async () => {
    const wrapper = await mountColumn();
    await wrapper.get('[data-testid="visitor-summary"]').trigger('click');
    expect(wrapper.get('[data-testid="visitor-summary"]').attributes('aria-expanded')).toBe('true');
    expect(wrapper.get('[data-testid="visitor-panel"]').attributes('data-expanded')).toBe('true');
    await vi.waitFor(async () => expect(await visitorDetailsOpenItem.getValue()).toBe(true));
    wrapper.unmount();

    setActivePinia(createPinia());
    const reopened = await mountColumn();
    await vi.waitFor(() => expect(reopened.get('[data-testid="visitor-summary"]').attributes('aria-expanded')).toBe('true'));
    reopened.unmount();
  });

  it('names an anonymous visitor and leaves out what was not given', async () => {
    const wrapper = mount(VisitorColumn, { props: { conversation: conversation({ visitor: visitor({ name: null, email: null, crmStatus: null }) }) } });
    expect(wrapper.get('[data-testid="visitor-summary"]').text()).toContain('Anonymous visitor');
    expect(wrapper.get('.summary-text').text()).toBe('Anonymous visitor');
  });
});
