import { describe, expect, it, vi } from 'vitest';
import { cleanIdentity, installHostApi } from '../../../server/widget/src/host-api.ts';
import { createVisitorReport } from '../../../server/widget/src/visitor-report.ts';
import { fakeConnection } from './helpers.ts';

describe('widget host API (window.Switchboard)', () => {
  it('replays identify calls the page queued on its stub before the widget loaded', () => {
    const win: { Switchboard?: unknown } = { Switchboard: { q: [['identify', { name: 'Ana', email: 'ana@example.com' }], ['unknown', {}]] } };
    const seen: unknown[] = [];
    installHostApi(win, (input) => seen.push(input));
    expect(seen).toEqual([{ name: 'Ana', email: 'ana@example.com' }]);
  });

  it('takes identify calls made after the widget loaded, directly or through the queue', () => {
    const win: { Switchboard?: unknown } = {};
    const seen: unknown[] = [];
    installHostApi(win, (input) => seen.push(input));
    const api = win.Switchboard as { identify(a: unknown): void; q: { push(c: unknown): void } };
    api.identify({ company: 'Acme' });
    api.q.push(['identify', { phone: '+46 8 123' }]);
    expect(seen).toEqual([{ company: 'Acme' }, { phone: '+46 8 123' }]);
  });

  it('keeps only known non-empty attributes and turns custom values into text', () => {
    expect(
      cleanIdentity({ name: '  Ana ', email: '', jobTitle: 3, crmStatus: 'Lead', hacker: 'x', custom: { plan: 'pro', seats: 12, nested: { a: 1 } }, issuedAt: 1767225600, signature: 'ab'.repeat(32) }),
    ).toEqual({ name: 'Ana', crmStatus: 'Lead', custom: { plan: 'pro', seats: '12' }, issuedAt: 1767225600, signature: 'ab'.repeat(32) });
    expect(cleanIdentity({ name: 'Ana', issuedAt: '1767225600' })).toEqual({ name: 'Ana' });
    expect(cleanIdentity('Ana')).toBeNull();
    expect(cleanIdentity({ name: ' ' })).toBeNull();
  });
});

describe('widget visitor report', () => {
  function setup() {
    const link = fakeConnection();
    link.respond(() => ({ ok: true, data: null }));
    const prefill = vi.fn();
    const warn = vi.fn();
    const report = createVisitorReport({ page: () => ({ url: 'https://acme.test/pricing', title: ' Pricing ' }), prefill, warn });
    report.attach(link.conn);
    return { link, report, prefill, warn };
  }

  it('sends attributes given before the connection once it connects, and prefills the chat form', async () => {
    const { link, report, prefill } = setup();
    report.identify({ name: 'Ana', email: 'ana@example.com', company: 'Acme' });
    expect(prefill).toHaveBeenCalledWith({ name: 'Ana', email: 'ana@example.com' });
    expect(link.sent).toEqual([]);
    link.conn.connect();
    await vi.waitFor(() => expect(link.commands('visitor:identify')).toEqual([{ name: 'Ana', email: 'ana@example.com', company: 'Acme' }]));
  });

  it('records the page visit once per page load, with the page title', async () => {
    const { link } = setup();
    link.conn.connect();
    await vi.waitFor(() => expect(link.commands('activity:page')).toEqual([{ url: 'https://acme.test/pricing', title: 'Pricing' }]));
    link.drop();
    link.conn.connect();
    await Promise.resolve();
    expect(link.commands('activity:page')).toHaveLength(1);
  });

  it('does not send the same attributes again on a reconnect, but does send new ones', async () => {
    const { link, report } = setup();
    link.conn.connect();
    report.identify({ name: 'Ana' });
    await vi.waitFor(() => expect(link.commands('visitor:identify')).toHaveLength(1));
    link.drop();
    link.conn.connect();
    await Promise.resolve();
    expect(link.commands('visitor:identify')).toHaveLength(1);
    report.identify({ crmStatus: 'Customer' });
    await vi.waitFor(() => expect(link.commands('visitor:identify')[1]).toEqual({ name: 'Ana', crmStatus: 'Customer' }));
  });

  it('drops the old signature when the page names a different email without one', async () => {
    const { link, report } = setup();
    link.conn.connect();
    report.identify({ email: 'ana@example.com', signature: 'a'.repeat(64) });
    report.identify({ email: 'eve@example.com' });
    await vi.waitFor(() => expect(link.commands('visitor:identify').at(-1)).toEqual({ email: 'eve@example.com' }));
  });

  it('warns the page once when the server refuses the attributes', async () => {
    const { link, report, warn } = setup();
    link.respond(() => ({ ok: false, error: 'invalid_payload' }));
    link.conn.connect();
    report.identify({ email: 'not-an-email' });
    await vi.waitFor(() => expect(warn).toHaveBeenCalledTimes(1));
  });
});
