/**
 * Property-based tests of every command whose input feeds a computation: schedules (availability,
 * routing), meeting settings (slots) and routing rules. Whatever one user sends is refused with
 * `invalid_payload` or stored, and after it every other user's commands that compute with it still
 * work: routing a visitor's chat, listing calendars and slots.
 */
import fc from 'fast-check';
import { Temporal } from 'temporal-polyfill';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ack } from '../../protocol/ack.ts';
import { startAgentSession } from '../../server/services/agent-sessions.ts';
import { createAgent } from '../../server/services/agents.ts';
import { activeChat, AGENT_ORIGIN, expectOk, PASSWORD, startHarness, type AgentClient, type Harness } from './helpers.ts';

const RUNS = 60;

let h: Harness;
/** the user who sends the generated input */
let sender: AgentClient;
/** a colleague whose commands must keep working */
let colleague: { client: AgentClient; agent: { id: string } };
let senderId: string;

beforeAll(async () => {
  h = await startHarness();
  h.clock.t = Temporal.ZonedDateTime.from('2026-11-20T12:00[Europe/Stockholm]').epochMilliseconds;
  const s = await h.onlineAgent('Sam Sender');
  sender = s.client;
  senderId = s.agent.id;
  colleague = await h.onlineAgent('Cleo Colleague');
  expectOk(await colleague.client.call('meetings:setSettings', {
    timeZone: 'Europe/Stockholm',
    weekly: [{ day: 1, start: '09:00', end: '12:00' }],
    lengthMinutes: 60,
    bufferMinutes: 0,
    takesMeetings: true,
  }));
});
afterAll(async () => {
  await h?.close();
});

/** Refused as invalid, or accepted: never `internal`, never another error. Counts both outcomes. */
function refusedOrStored(ack: Ack<unknown>, seen: { stored: number; refused: number }): void {
  if (ack.ok) seen.stored += 1;
  else {
    expect(ack.error).toBe('invalid_payload');
    seen.refused += 1;
  }
}

/** What other users do that computes with the stored input. */
async function othersStillServed(): Promise<void> {
  const visitor = await h.connectVisitor();
  const started = await visitor.call('chat:start', { name: 'Vic Visitor', email: 'vic@example.test' });
  expect(started.ok).toBe(true);
  if (started.ok) expectOk(await visitor.call('conversation:end', { conversationId: started.data.conversation.id }));
  visitor.socket.disconnect();
  expectOk(await colleague.client.call('meetings:calendars', {}));
  expectOk(await colleague.client.call('availability:set', { available: true }));
}

// values near the edges, valid and not, so both outcomes come up often
const time = fc.constantFrom('00:00', '08:59', '09:00', '12:00', '12:30', '17:00', '23:59', '24:00', '24:01', '25:00', '9:00', '', 'noon');
const day = fc.integer({ min: -1, max: 9 });
const date = fc.constantFrom('2026-11-19', '2026-11-20', '2026-11-21', '2027-02-28', '2027-02-30', '2028-02-29', '2028-11-19', '2029-01-01', '1999-01-01', '9999-12-31', '2026-13-01', 'tomorrow');
const timeZone = fc.constantFrom('Europe/Stockholm', 'America/New_York', 'Pacific/Kiritimati', 'UTC', 'Etc/GMT+12', 'Mars/Olympus', '', 'europe/stockholm');
const block = fc.record({ start: time, end: time });
// a well-formed block most of the time: the inputs that get stored are the ones that feed computations
const goodTime = fc.constantFrom('00:00', '08:00', '09:00', '12:00', '13:00', '17:00', '23:30', '24:00');
const goodBlock = fc.tuple(goodTime, goodTime).filter(([a, b]) => a < b).map(([start, end]) => ({ start, end }));
const schedule = fc.record({
  timeZone,
  weekly: fc.array(fc.record({ day, start: time, end: time }), { maxLength: 12 }),
  exceptions: fc.array(fc.record({ date, blocks: fc.array(block, { maxLength: 4 }) }), { maxLength: 6 }),
});

describe('property: whatever an agent sends, others are still served', () => {
  it("schedule:set — any schedule is refused with invalid_payload or stored, and routing, the sender's availability and the colleague keep working", async () => {
    const seen = { stored: 0, refused: 0 };
    await fc.assert(
      fc.asyncProperty(fc.oneof(schedule, fc.constant(null), fc.anything()), async (input) => {
        refusedOrStored(await sender.call('schedule:set', { schedule: input as never }), seen);
        // the sender's own view of it is computable too
        expectOk(await sender.call('schedule:get', {}));
        expectOk(await sender.call('availability:set', { available: true }));
        await othersStillServed();
      }),
      { numRuns: RUNS },
    );
    // the generators reach both outcomes, so both were tested
    expect(seen.stored).toBeGreaterThan(0);
    expect(seen.refused).toBeGreaterThan(0);
  });

  it('meetings:setSettings — any settings are refused with invalid_payload or stored, and slots are still computed for everyone', async () => {
    const settings = fc.record({
      timeZone,
      weekly: fc.array(fc.record({ day, start: time, end: time }), { maxLength: 12 }),
      lengthMinutes: fc.integer({ min: -5, max: 600 }),
      bufferMinutes: fc.integer({ min: -5, max: 300 }),
      takesMeetings: fc.boolean(),
    });
    const wellFormed = fc.record({
      timeZone,
      weekly: fc.array(fc.tuple(fc.integer({ min: 1, max: 7 }), goodBlock).map(([d, b]) => ({ day: d, ...b })), { maxLength: 3 }),
      lengthMinutes: fc.integer({ min: 5, max: 480 }),
      bufferMinutes: fc.integer({ min: 0, max: 240 }),
      takesMeetings: fc.boolean(),
    });
    // a visitor in the colleague's chat holds the sender's calendar, so every run computes its slots
    expectOk(await sender.call('availability:set', { available: false }));
    expectOk(await sender.call('meetings:setSettings', { timeZone: 'UTC', weekly: [], lengthMinutes: 30, bufferMinutes: 0, takesMeetings: true }));
    const { visitor, conversationId } = await activeChat(h, colleague.client, 'Bea Booker');
    expectOk(await colleague.client.call('meetings:share', { conversationId, agentId: senderId }));
    const seen = { stored: 0, refused: 0 };
    await fc.assert(
      fc.asyncProperty(fc.oneof(wellFormed, settings, fc.anything()), async (input) => {
        refusedOrStored(await sender.call('meetings:setSettings', input as never), seen);
        const now = expectOk(await sender.call('meetings:getSettings', {}));
        const slots = await visitor.call('meetings:slots', { agentId: senderId, from: '2026-11-23', days: 14, timeZone: 'Pacific/Kiritimati' });
        // a calendar its owner stopped offering is gone for the visitor; otherwise its slots are computed
        if (now.takesMeetings) expectOk(slots);
        else expect(slots).toEqual({ ok: false, error: 'not_found' });
        // the picker lists every calendar, the sender's included, computing nothing it cannot
        const calendars = expectOk(await colleague.client.call('meetings:calendars', {}));
        expect(calendars.some((c) => c.agentId === colleague.agent.id)).toBe(true);
        await othersStillServed();
      }),
      { numRuns: RUNS },
    );
    expect(seen.stored).toBeGreaterThan(0);
    expect(seen.refused).toBeGreaterThan(0);
  });

  it('routing rules — any rule is refused with 400 or stored, and every visitor is still routed', async () => {
    const { agent: boss } = await createAgent(
      h.app.db,
      h.clock,
      { email: 'boss@example.test', name: 'Boss', role: 'admin', password: PASSWORD },
      h.config.passwordHashCost,
    );
    const { accessToken } = await startAgentSession(h.app.db, h.clock, boss.id, h.config.accessTokenTtlMs);
    const admin = (method: string, path: string, body: unknown) =>
      fetch(`${h.url}/api/admin/${path}`, {
        method,
        headers: { origin: AGENT_ORIGIN, authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
        body: JSON.stringify(body) ?? 'null',
      });
    // the default site routes by the rules, so every chat below evaluates every stored rule
    expect((await admin('PUT', 'sites/default', { strategy: { kind: 'rules' } })).status).toBe(200);
    const field = fc.constantFrom('name', 'email', 'emailDomain', 'jobTitle', 'crmStatus', 'pageUrl', 'salary');
    const condition = fc.oneof(
      fc.record({ field, op: fc.constantFrom('equals', 'contains', 'regex'), value: fc.string({ maxLength: 20 }) }),
      fc.record({ field, op: fc.constant('one_of'), value: fc.array(fc.string({ maxLength: 10 }), { maxLength: 3 }) }),
    );
    const wellFormedRule = fc.record({
      name: fc.string({ minLength: 1, maxLength: 10 }).filter((n) => n.trim().length > 0),
      priority: fc.integer({ min: 0, max: 1_000_000 }),
      conditions: fc.array(
        fc.record({ field: fc.constantFrom('name', 'email', 'emailDomain', 'jobTitle', 'crmStatus', 'pageUrl'), op: fc.constantFrom('equals', 'contains'), value: fc.string({ minLength: 1, maxLength: 20 }) }),
        { minLength: 1, maxLength: 3 },
      ),
      target: fc.constantFrom({ agentIds: [senderId] }, { agentIds: ['nobody'] }, { teamId: 'no-team' }),
    });
    const rule = fc.record({
      name: fc.string({ maxLength: 10 }),
      priority: fc.integer({ min: -1, max: 2_000_000 }),
      conditions: fc.array(condition, { maxLength: 4 }),
      target: fc.oneof(fc.record({ agentIds: fc.array(fc.constantFrom(senderId, 'nobody', ''), { maxLength: 3 }) }), fc.record({ teamId: fc.constantFrom('no-team', '') })),
    });
    const seen = { stored: 0, refused: 0 };
    await fc.assert(
      fc.asyncProperty(fc.oneof(wellFormedRule, rule, fc.anything()), async (input) => {
        const response = await admin('POST', 'rules', input);
        expect([200, 201, 400]).toContain(response.status);
        if (response.status === 400) seen.refused += 1;
        else seen.stored += 1;
        await othersStillServed();
      }),
      { numRuns: RUNS },
    );
    expect(seen.stored).toBeGreaterThan(0);
    expect(seen.refused).toBeGreaterThan(0);
  });
});
