import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import VisitorInfoPanel from '../../../components/visitor/VisitorInfoPanel.vue';
import { visitor } from '../helpers/fixtures.ts';

const text = (wrapper: ReturnType<typeof mount>, testid: string) => wrapper.get(`[data-testid="${testid}"]`).text();

describe('VisitorInfoPanel', () => {
  it('shows name, job title, email, phone and CRM status, top to bottom', () => {
    const wrapper = mount(VisitorInfoPanel, {
      props: {
        visitor: visitor({ name: 'Vera', jobTitle: 'CTO', email: 'vera@example.com', phone: '+46 8 123', crmStatus: 'Lead', company: 'Acme' }),
        ended: false,
      },
    });
    const order = wrapper.findAll('dd').map((dd) => dd.attributes('data-testid'));
    // company (issue 5) follows the five of SPEC R9
    expect(order).toEqual(['visitor-name', 'visitor-job-title', 'visitor-email', 'visitor-phone', 'visitor-crm-status', 'visitor-company']);
    expect(wrapper.findAll('dd').map((dd) => dd.text())).toEqual(['Vera', 'CTO', 'vera@example.com', '+46 8 123', 'Lead', 'Acme']);
  });

  it('shows the custom fields the host page passed under the standard ones, named by their keys, as text', () => {
    const wrapper = mount(VisitorInfoPanel, {
      props: { visitor: visitor({ custom: { plan: 'Enterprise', seats: '250', note: '<b>VIP</b>', empty: '' } }), ended: false },
    });
    const rows = wrapper.findAll('.row').map((row) => [row.get('dt').text(), row.get('dd').text()]);
    expect(rows.slice(6)).toEqual([
      ['plan', 'Enterprise'],
      ['seats', '250'],
      ['note', '<b>VIP</b>'],
      ['empty', '-'],
    ]);
    expect(wrapper.findAll('[data-testid="visitor-custom"]')).toHaveLength(4);
    expect(wrapper.find('dd b').exists()).toBe(false);
  });

  it('shows no custom rows when the host page passed none', () => {
    const wrapper = mount(VisitorInfoPanel, { props: { visitor: visitor({ custom: {} }), ended: false } });
    expect(wrapper.findAll('.row')).toHaveLength(6);
    expect(wrapper.find('[data-testid="visitor-custom"]').exists()).toBe(false);
  });

  it('shows a dash for every value that was not passed', () => {
    const wrapper = mount(VisitorInfoPanel, {
      props: { visitor: visitor({ name: null, email: null, jobTitle: null, phone: '', crmStatus: null }), ended: false },
    });
    for (const id of ['visitor-name', 'visitor-job-title', 'visitor-email', 'visitor-phone', 'visitor-crm-status', 'visitor-company']) {
      expect(text(wrapper, id)).toBe('-');
    }
  });

  it('marks an email the website signed as verified, any other as unverified, and shows no mark without an email', () => {
    const signed = mount(VisitorInfoPanel, { props: { visitor: visitor({ verified: true }), ended: false } });
    expect(signed.get('[data-testid="visitor-verified"]').attributes('data-verified')).toBe('true');
    expect(text(signed, 'visitor-verified')).toBe('Verified');
    const stated = mount(VisitorInfoPanel, { props: { visitor: visitor({ verified: false }), ended: false } });
    expect(stated.get('[data-testid="visitor-verified"]').attributes('data-verified')).toBe('false');
    expect(text(stated, 'visitor-verified')).toBe('Unverified');
    const none = mount(VisitorInfoPanel, { props: { visitor: visitor({ email: null }), ended: false } });
    expect(none.find('[data-testid="visitor-verified"]').exists()).toBe(false);
  });

  it('End session emits end, and is disabled once the chat has ended', async () => {
    const wrapper = mount(VisitorInfoPanel, { props: { visitor: visitor(), ended: false } });
    await wrapper.get('[data-testid="end-session"]').trigger('click');
    expect(wrapper.emitted('end')).toHaveLength(1);

    await wrapper.setProps({ ended: true });
    expect(wrapper.get('[data-testid="end-session"]').attributes('disabled')).toBeDefined();
  });
});
