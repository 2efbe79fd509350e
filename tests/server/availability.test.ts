import { afterEach, describe, expect, it } from 'vitest';
import type { Schedule } from '../../protocol/routing.ts';
import { activeChat, expectOk, startChat, startHarness, type Harness } from './helpers.ts';

let h: Harness;
afterEach(async () => {
  await h?.close();
});

/** Monday 2026-11-23, 10:30 in Stockholm. */
const MONDAY_1030 = Date.parse('2026-11-23T09:30:00Z');
const at = (iso: string) => Date.parse(iso);
const OFFICE: Schedule = {
  timeZone: 'Europe/Stockholm',
  weekly: [1, 2, 3, 4, 5].flatMap((day) => [
    { day, start: '09:00', end: '12:00' },
    { day, start: '13:00', end: '17:00' },
  ]),
  exceptions: [{ date: '2026-11-24', blocks: [] }],
};

describe('availability with a schedule', () => {
  it('stores the schedule and answers with the effective state, its source and its end', async () => {
    h = await startHarness();
    h.clock.t = MONDAY_1030;
    const { client } = await h.onlineAgent();
    expect(expectOk(await client.call('schedule:get', {}))).toBeNull();
    const agent = expectOk(await client.call('schedule:set', { schedule: OFFICE }));
    expect(agent).toMatchObject({ available: true, availabilitySource: 'schedule', availableUntil: at('2026-11-23T11:00:00Z') });
    expect(await client.waitFor('agent:updated')).toEqual(agent);
    expect(expectOk(await client.call('schedule:get', {}))).toEqual(OFFICE);
  });

  it('refuses a schedule with an unknown time zone or a block that ends before it starts', async () => {
    h = await startHarness();
    const { client } = await h.onlineAgent();
    const badZone = { ...OFFICE, timeZone: 'Mars/Olympus' };
    const badBlock = { ...OFFICE, weekly: [{ day: 1, start: '12:00', end: '09:00' }] };
    expect(await client.call('schedule:set', { schedule: badZone })).toEqual({ ok: false, error: 'invalid_payload' });
    expect(await client.call('schedule:set', { schedule: badBlock })).toEqual({ ok: false, error: 'invalid_payload' });
  });

  it('refuses dates that do not exist, exceptions outside yesterday … two years ahead, overlapping blocks and repeated dates', async () => {
    h = await startHarness();
    h.clock.t = MONDAY_1030;
    const { client } = await h.onlineAgent();
    const refused = [
      { ...OFFICE, exceptions: [{ date: '2027-02-30', blocks: [] }] },
      { ...OFFICE, exceptions: [{ date: '9999-12-31', blocks: [] }] },
      { ...OFFICE, exceptions: [{ date: '2026-11-21', blocks: [] }] },
      { ...OFFICE, exceptions: [{ date: '2026-11-24', blocks: [{ start: '09:00', end: '11:00' }, { start: '10:00', end: '12:00' }] }] },
      { ...OFFICE, weekly: [{ day: 1, start: '09:00', end: '12:00' }, { day: 1, start: '11:59', end: '13:00' }] },
      { ...OFFICE, exceptions: [{ date: '2026-11-24', blocks: [] }, { date: '2026-11-24', blocks: [] }] },
    ];
    for (const schedule of refused) expect(await client.call('schedule:set', { schedule })).toEqual({ ok: false, error: 'invalid_payload' });
    // touching blocks, yesterday and two years ahead are fine
    const fine = { ...OFFICE, exceptions: [{ date: '2026-11-22', blocks: [] }, { date: '2028-11-23', blocks: [{ start: '09:00', end: '10:00' }, { start: '10:00', end: '11:00' }] }] };
    expectOk(await client.call('schedule:set', { schedule: fine }));
  });

  it('an agent whose stored schedule cannot be computed counts as unavailable and breaks nothing for anyone else', async () => {
    h = await startHarness();
    h.clock.t = MONDAY_1030;
    const broken = await h.onlineAgent('Broken');
    const healthy = await h.onlineAgent('Healthy');
    // as if written before today's checks: a date that does not exist
    const stored = JSON.stringify({ ...OFFICE, exceptions: [{ date: '2027-02-30', blocks: [] }] });
    await h.app.db.updateTable('users').set({ schedule: stored }).where('id', '=', broken.agent.id).execute();

    const { visitor, conversationId } = await startChat(h);
    expect((await healthy.client.waitFor('offer:created')).conversationId).toBe(conversationId);
    expect(visitor.received('conversation:updated')).toEqual([]);
    const snapshot = expectOk(await broken.client.call('sync:pull', { cursors: {} }));
    expect(snapshot.agent.available).toBe(false);
    // and the broken agent can replace it
    expectOk(await broken.client.call('schedule:set', { schedule: OFFICE }));
  });

  it('the toggle overrides the schedule until the next block boundary, and says so', async () => {
    h = await startHarness();
    h.clock.t = MONDAY_1030;
    const { client } = await h.onlineAgent();
    expectOk(await client.call('schedule:set', { schedule: OFFICE }));
    const away = expectOk(await client.call('availability:set', { available: false }));
    expect(away).toMatchObject({ available: false, availabilitySource: 'manual', availableUntil: at('2026-11-23T11:00:00Z') });
  });

  it('routes by the schedule: no offers outside the blocks or on a day off', async () => {
    h = await startHarness();
    h.clock.t = at('2026-11-23T11:30:00Z'); // 12:30 Stockholm: lunch
    const scheduled = await h.onlineAgent('Scheduled');
    expectOk(await scheduled.client.call('schedule:set', { schedule: OFFICE }));
    const lunch = await startChat(h);
    expect((await lunch.visitor.waitFor('conversation:updated')).status).toBe('missed');

    h.clock.t = at('2026-11-24T09:30:00Z'); // Tuesday, the day off
    const dayOff = await startChat(h);
    expect((await dayOff.visitor.waitFor('conversation:updated')).status).toBe('missed');

    h.clock.t = at('2026-11-25T09:30:00Z'); // Wednesday 10:30
    const { conversationId } = await startChat(h);
    expect((await scheduled.client.waitFor('offer:created')).conversationId).toBe(conversationId);
  });

  it('the sweep tells the agent when their schedule or override turns them (un)available', async () => {
    h = await startHarness();
    h.clock.t = MONDAY_1030;
    const { client } = await h.onlineAgent();
    expectOk(await client.call('schedule:set', { schedule: OFFICE }));
    expectOk(await client.call('availability:set', { available: false }));
    await client.waitFor('agent:updated');
    await client.waitFor('agent:updated');

    h.clock.t = at('2026-11-23T10:59:59Z');
    await h.app.sweep();
    await client.flush();
    expect(client.received('agent:updated')).toHaveLength(2);

    h.clock.t = at('2026-11-23T11:00:00Z'); // 12:00: the override ends with the block
    await h.app.sweep();
    expect(await client.waitFor('agent:updated')).toMatchObject({
      available: false,
      availabilitySource: 'schedule',
      availableUntil: at('2026-11-23T12:00:00Z'),
    });
    h.clock.t = at('2026-11-23T12:00:00Z');
    await h.app.sweep();
    expect(await client.waitFor('agent:updated')).toMatchObject({ available: true, availabilitySource: 'schedule' });
  });

  it('removing the schedule keeps the current state on the toggle alone', async () => {
    h = await startHarness();
    h.clock.t = at('2026-11-23T11:30:00Z'); // lunch: unavailable by schedule
    const { client } = await h.onlineAgent();
    expectOk(await client.call('schedule:set', { schedule: OFFICE }));
    const agent = expectOk(await client.call('schedule:set', { schedule: null }));
    expect(agent).toMatchObject({ available: false, availabilitySource: 'manual', availableUntil: null });
  });

  it('going unavailable leaves the active chat working (R3)', async () => {
    h = await startHarness();
    const { client } = await h.onlineAgent();
    const { visitor, conversationId } = await activeChat(h, client);
    expectOk(await client.call('availability:set', { available: false }));
    expectOk(await client.call('message:send', { conversationId, clientId: 'still-here', body: 'Still here' }));
    expect((await visitor.waitFor('message:created', (m) => m.clientId === 'still-here')).body).toBe('Still here');
    const next = await startChat(h);
    expect((await next.visitor.waitFor('conversation:updated')).status).toBe('missed');
  });
});
