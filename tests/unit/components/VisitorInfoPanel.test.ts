import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import VisitorInfoPanel from '../../../components/visitor/VisitorInfoPanel.vue';
import { visitor } from '../helpers/fixtures.ts';

const text = (wrapper: ReturnType<typeof mount>, testid: string) => wrapper.get(`[data-testid="${testid}"]`).text();

describe('VisitorInfoPanel', () => {
  it('shows name, job title, email, phone and CRM status, top to bottom', () => {
    const wrapper = mount(VisitorInfoPanel, {
      props: {
        visitor: visitor({ name: 'Vera', jobTitle: 'CTO', email: 'vera@example.com', phone: '+46 8 123', crmStatus: 'Lead' }),
        ended: false,
      },
    });
    const order = wrapper.findAll('dd').map((dd) => dd.attributes('data-testid'));
    expect(order).toEqual(['visitor-name', 'visitor-job-title', 'visitor-email', 'visitor-phone', 'visitor-crm-status']);
    expect(wrapper.findAll('dd').map((dd) => dd.text())).toEqual(['Vera', 'CTO', 'vera@example.com', '+46 8 123', 'Lead']);
  });

  it('shows a dash for every value that was not passed', () => {
    const wrapper = mount(VisitorInfoPanel, {
      props: { visitor: visitor({ name: null, email: null, jobTitle: null, phone: '', crmStatus: null }), ended: false },
    });
    for (const id of ['visitor-name', 'visitor-job-title', 'visitor-email', 'visitor-phone', 'visitor-crm-status']) {
      expect(text(wrapper, id)).toBe('-');
    }
  });

  it('End session emits end, and is disabled once the chat has ended', async () => {
    const wrapper = mount(VisitorInfoPanel, { props: { visitor: visitor(), ended: false } });
    await wrapper.get('[data-testid="end-session"]').trigger('click');
    expect(wrapper.emitted('end')).toHaveLength(1);

    await wrapper.setProps({ ended: true });
    expect(wrapper.get('[data-testid="end-session"]').attributes('disabled')).toBeDefined();
  });
});
