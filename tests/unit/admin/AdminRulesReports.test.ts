import { flushPromises, mount } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import AdminReports from '../../../components/admin/AdminReports.vue';
import AdminRules from '../../../components/admin/AdminRules.vue';
import type { Percentiles, ReportDTO } from '../../../protocol/reports.ts';
import type { RoutingConfigDTO } from '../../../protocol/routing.ts';
import { resetExtension } from '../helpers/reset.ts';
import { adminAgent, fakeAdminServer } from './helpers.ts';

beforeEach(async () => {
  await resetExtension();
});
afterEach(() => {
  vi.restoreAllMocks();
});

const BO = adminAgent({ id: 'bo', email: 'bo@example.com', name: 'Bo' });
const CONFIG: RoutingConfigDTO = {
  settings: {
    fallbackMessage: null,
    fallbackMessages: { en: 'Sorry', de: 'Leider', sv: 'Tyvärr', nl: 'Helaas', es: 'Lo siento', fr: 'Désolé' },
    fallbackBooking: false,
    maxOffers: 3,
    maxWaitMs: 120_000,
    queueMaxWaitMs: 600_000,
    offerTimeoutMs: 45_000,
    idleTimeoutMs: 600_000,
    maxChatsPerAgent: 10,
  },
  sites: [],
  teams: [{ id: 't1', name: 'Sales', agentIds: ['bo'] }],
  rules: [],
  accounts: [],
};

describe('the rules editor', () => {
  it('saves a rule with its conditions and team target, and says which fields are wrong without sending', async () => {
    const sent = fakeAdminServer({ 'admin:rules:put': () => ({ ok: true, data: { id: 'r1' } }) });
    const wrapper = mount(AdminRules, { props: { config: CONFIG, agents: [BO] } });
    const form = wrapper.get('[data-testid="rule-form"]');
    await form.trigger('submit');
    await flushPromises();
    expect(wrapper.get('[data-testid="rule-error"]').text()).toBe('Please check: Rule name, Conditions (all must hold), Offer to.');
    expect(sent).toEqual([]);

    await wrapper.get('[data-testid="rule-name"]').setValue('Pricing');
    await wrapper.get('[data-testid="rule-priority"]').setValue('2');
    await wrapper.get('[data-testid="condition-value"]').setValue('/pricing');
    await wrapper.get('[data-testid="condition-add"]').trigger('click');
    const second = wrapper.get('[data-testid="rule-condition-1"]');
    await second.get('[data-testid="condition-field"]').setValue('crmStatus');
    await second.get('[data-testid="condition-op"]').setValue('one_of');
    await second.get('[data-testid="condition-value"]').setValue('VIP, Customer');
    await wrapper.get('[data-testid="rule-target-team"]').setValue(true);
    await wrapper.get('[data-testid="rule-team"]').setValue('t1');
    await form.trigger('submit');
    await vi.waitFor(() => expect(sent).toHaveLength(1));
    expect(sent[0]).toEqual({
      event: 'admin:rules:put',
      data: {
        name: 'Pricing',
        priority: 2,
        conditions: [
          { field: 'pageUrl', op: 'contains', value: '/pricing' },
          { field: 'crmStatus', op: 'one_of', value: ['VIP', 'Customer'] },
        ],
        target: { teamId: 't1' },
      },
    });
    await vi.waitFor(() => expect(wrapper.emitted('changed')).toHaveLength(1));
  });

  it('"Test a rule" sends the sample and shows the rule used and the agent offered first', async () => {
    const rule = { id: 'r1', name: 'Pricing', priority: 1, conditions: [], target: { teamId: 't1' } };
    const sent = fakeAdminServer({
      'admin:rules:test': () => ({
        ok: true,
        data: { strategy: { kind: 'rules' }, matchingRules: [rule], ruleUsed: rule, accountOwnerId: null, firstAgent: { id: 'bo', name: 'Bo' }, order: [{ id: 'bo', name: 'Bo' }] },
      }),
    });
    const wrapper = mount(AdminRules, { props: { config: CONFIG, agents: [BO] } });
    await wrapper.get('[data-testid="test-page"]').setValue('https://shop.example/pricing');
    await wrapper.get('[data-testid="test-crm"]').setValue('VIP');
    await wrapper.get('[data-testid="rule-test-form"]').trigger('submit');
    await vi.waitFor(() => expect(wrapper.find('[data-testid="rule-test-result"]').exists()).toBe(true));
    expect(sent[0]).toEqual({ event: 'admin:rules:test', data: { pageUrl: 'https://shop.example/pricing', visitor: { crmStatus: 'VIP' } } });
    expect(wrapper.get('[data-testid="rule-test-rule"]').text()).toBe('Pricing');
    expect(wrapper.get('[data-testid="rule-test-agent"]').text()).toBe('Bo');
  });
});

const none: Percentiles = { n: 0, p50: null, p90: null };
const timings = { timeToAccept: { n: 2, p50: 4000, p90: 90_000 }, timeToFirstReply: none, chatLength: none, ratings: { n: 1, average: 4 } };
const counts = { requested: 3, offered: 4, accepted: 2, declined: 1, timedOut: 1, missed: 1 };
const REPORT: ReportDTO = {
  from: '2026-03-02',
  to: '2026-03-04',
  timeZone: 'UTC',
  totals: { ...counts, ...timings },
  days: [
    { date: '2026-03-02', ...counts, ...timings },
    { date: '2026-03-03', requested: 0, offered: 0, accepted: 0, declined: 0, timedOut: 0, missed: 0, timeToAccept: none, timeToFirstReply: none, chatLength: none, ratings: { n: 0, average: null } },
  ],
  agents: [{ agentId: 'bo', agentName: 'Bo', offered: 4, accepted: 2, declined: 1, timedOut: 1, ...timings }],
  heatmap: Array.from({ length: 7 }, (_, d) => Array.from({ length: 24 }, (_, h) => (d === 0 && h === 9 ? 3 : 0))),
};

describe('reports', () => {
  it('asks for the days from–to with `to` the first day not counted, and shows the tables, the chart and the heat map', async () => {
    const sent = fakeAdminServer({ 'admin:reports:get': () => ({ ok: true, data: REPORT }) });
    const wrapper = mount(AdminReports);
    expect(wrapper.find('[data-testid="report-none"]').exists()).toBe(true);
    await wrapper.get('[data-testid="report-from"]').setValue('2026-03-02');
    await wrapper.get('[data-testid="report-to"]').setValue('2026-03-03');
    await wrapper.get('[data-testid="report-zone"]').setValue('UTC');
    await wrapper.get('[data-testid="report-form"]').trigger('submit');
    await vi.waitFor(() => expect(wrapper.find('[data-testid="report-totals"]').exists()).toBe(true));
    expect(sent[0]).toEqual({ event: 'admin:reports:get', data: { from: '2026-03-02', to: '2026-03-04', timeZone: 'UTC' } });
    expect(wrapper.get('[data-testid="report-totals"]').text()).toContain('4 s / 1 min 30 s');
    expect(wrapper.findAll('[data-testid="report-days"] tbody tr')).toHaveLength(2);
    expect(wrapper.get('[data-testid="report-agents"]').text()).toContain('Bo');
    // the visitors' mean rating and how many rated; a dash for a day nobody rated
    const dayCells = wrapper.findAll('[data-testid="report-days"] tbody tr').map((row) => row.findAll('td').at(-1)!.text());
    expect(dayCells).toEqual(['4 (1)', '–']);
    expect(wrapper.get('[data-testid="report-totals"]').findAll('td').at(-1)!.text()).toBe('4 (1)');
    const chart = wrapper.get('[data-testid="report-chart"] svg');
    expect(chart.attributes('role')).toBe('img');
    expect(chart.attributes('aria-label')).toBe('Chats per day: 3 requested, 2 accepted, 1 missed in total.');
    // three series over two days
    expect(chart.findAll('rect')).toHaveLength(6);
    const monday = wrapper.findAll('[data-testid="report-heatmap"] tbody tr')[0]!;
    expect(monday.findAll('td')[9]!.text()).toBe('3');
  });

  it('refuses an end before the start without asking the server, keeping the dates', async () => {
    const sent = fakeAdminServer({});
    const wrapper = mount(AdminReports);
    await wrapper.get('[data-testid="report-from"]').setValue('2026-03-05');
    await wrapper.get('[data-testid="report-to"]').setValue('2026-03-01');
    await wrapper.get('[data-testid="report-form"]').trigger('submit');
    await flushPromises();
    expect(wrapper.get('[data-testid="report-form-error"]').attributes('role')).toBe('alert');
    expect(sent).toEqual([]);
    expect((wrapper.get('[data-testid="report-from"]').element as HTMLInputElement).value).toBe('2026-03-05');
  });

  it('downloads a table as the CSV the server wrote, as a file', async () => {
    const csv = 'date,requested\r\n2026-03-02,3\r\n';
    const sent = fakeAdminServer({ 'admin:reports:get': () => ({ ok: true, data: REPORT }), 'admin:reports:csv': () => ({ ok: true, data: csv }) });
    const blobs: Blob[] = [];
    vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
      blobs.push(blob as Blob);
      return 'blob:report';
    });
    const clicked: string[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push(this.download);
    });
    const wrapper = mount(AdminReports, { attachTo: document.body });
    await wrapper.get('[data-testid="report-from"]').setValue('2026-03-02');
    await wrapper.get('[data-testid="report-to"]').setValue('2026-03-03');
    await wrapper.get('[data-testid="report-zone"]').setValue('UTC');
    await wrapper.get('[data-testid="report-form"]').trigger('submit');
    await vi.waitFor(() => expect(wrapper.find('[data-testid="csv-days"]').exists()).toBe(true));
    await wrapper.get('[data-testid="csv-days"]').trigger('click');
    await vi.waitFor(() => expect(clicked).toEqual(['switchboard-days-2026-03-02-2026-03-03.csv']));
    expect(sent.at(-1)).toEqual({ event: 'admin:reports:csv', data: { range: { from: '2026-03-02', to: '2026-03-04', timeZone: 'UTC' }, kind: 'days' } });
    expect(await blobs[0]!.text()).toBe(csv);
    expect(blobs[0]!.type).toBe('text/csv;charset=utf-8');
    wrapper.unmount();
  });
});
