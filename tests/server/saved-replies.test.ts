import { afterEach, describe, expect, it } from 'vitest';
import { expandPlaceholders, NO_VISITOR_NAME, TOOLKIT_LIMITS } from '../../protocol/toolkit.ts';
import { createAgent } from '../../server/services/agents.ts';
import { startAgentSession } from '../../server/services/agent-sessions.ts';
import { expectOk, PASSWORD, startHarness, type AgentClient, type Harness } from './helpers.ts';

let h: Harness;
afterEach(async () => {
  await h?.close();
});

async function onlineAdmin(): Promise<AgentClient> {
  const { agent } = await createAgent(
    h.app.db,
    h.clock,
    { email: 'boss@example.test', name: 'Boss', role: 'admin', password: PASSWORD, available: false },
    h.config.passwordHashCost,
  );
  const { accessToken } = await startAgentSession(h.app.db, h.clock, agent.id, h.config.accessTokenTtlMs);
  return h.connectAgent(accessToken);
}

describe('expandPlaceholders', () => {
  it('fills the visitor’s and the agent’s name', () => {
    expect(expandPlaceholders('Hi {visitor.name}, {agent.name} here. {visitor.name}?', { visitorName: 'Vera', agentName: 'Ada' })).toBe(
      'Hi Vera, Ada here. Vera?',
    );
  });

  it('leaves unknown or differently written placeholders as typed', () => {
    const typed = 'Order {order.id}, {Visitor.Name}, { visitor.name }, {visitor.name, {}';
    expect(expandPlaceholders(typed, { visitorName: 'Vera', agentName: 'Ada' })).toBe(typed);
  });

  it('says a sensible word for a missing or blank visitor name, and the caller may choose it', () => {
    expect(expandPlaceholders('Hi {visitor.name}!', { visitorName: null, agentName: 'Ada' })).toBe(`Hi ${NO_VISITOR_NAME}!`);
    expect(NO_VISITOR_NAME).toBe('there');
    expect(expandPlaceholders('Hallo {visitor.name}!', { visitorName: '  ', agentName: 'Ada' }, 'zusammen')).toBe('Hallo zusammen!');
    expect(expandPlaceholders('— {agent.name}', { visitorName: 'Vera', agentName: null })).toBe('— ');
  });

  it('inserts names as text, never expanding what a name itself contains', () => {
    expect(expandPlaceholders('Hi {visitor.name}', { visitorName: '{agent.name} $& <b>', agentName: 'Ada' })).toBe('Hi {agent.name} $& <b>');
  });
});

describe('saved replies', () => {
  it('keeps personal replies to their agent and shows shared ones to everyone, own first', async () => {
    h = await startHarness();
    const admin = await onlineAdmin();
    const ada = await h.onlineAgent('Ada');
    const bo = await h.onlineAgent('Bo');

    const shared = expectOk(await admin.call('replies:create', { scope: 'shared', shortcut: 'hours', body: 'We are open 9–17.' }));
    expect(shared).toMatchObject({ scope: 'shared', shortcut: 'hours' });
    const mine = expectOk(await ada.client.call('replies:create', { scope: 'personal', shortcut: 'hi', body: 'Hi {visitor.name}, {agent.name} here.' }));
    expect(mine).toMatchObject({ scope: 'personal', shortcut: 'hi', body: 'Hi {visitor.name}, {agent.name} here.' });

    expect(expectOk(await ada.client.call('replies:list', {})).map((r) => r.id)).toEqual([mine.id, shared.id]);
    expect(expectOk(await bo.client.call('replies:list', {})).map((r) => r.id)).toEqual([shared.id]);
  });

  it('lets an agent change only their own replies; shared ones are the admins’', async () => {
    h = await startHarness();
    const admin = await onlineAdmin();
    const ada = await h.onlineAgent('Ada');
    const bo = await h.onlineAgent('Bo');
    const shared = expectOk(await admin.call('replies:create', { scope: 'shared', shortcut: 'hours', body: 'Open 9–17.' }));
    const mine = expectOk(await ada.client.call('replies:create', { scope: 'personal', shortcut: 'hi', body: 'Hello!' }));

    expect(await ada.client.call('replies:create', { scope: 'shared', shortcut: 'x', body: 'y' })).toEqual({ ok: false, error: 'forbidden' });
    expect(await ada.client.call('replies:update', { replyId: shared.id, body: 'Closed' })).toEqual({ ok: false, error: 'forbidden' });
    expect(await ada.client.call('replies:delete', { replyId: shared.id })).toEqual({ ok: false, error: 'forbidden' });
    // another agent's personal reply does not exist for Bo, nor for an admin
    expect(await bo.client.call('replies:update', { replyId: mine.id, body: 'Mine now' })).toEqual({ ok: false, error: 'not_found' });
    expect(await bo.client.call('replies:delete', { replyId: mine.id })).toEqual({ ok: false, error: 'not_found' });
    expect(await admin.call('replies:delete', { replyId: mine.id })).toEqual({ ok: false, error: 'not_found' });

    h.clock.advance(5000);
    const changed = expectOk(await ada.client.call('replies:update', { replyId: mine.id, shortcut: 'hello' }));
    expect(changed).toMatchObject({ shortcut: 'hello', body: 'Hello!', updatedAt: h.clock.now() });
    expect(expectOk(await admin.call('replies:update', { replyId: shared.id, body: 'Open 8–18.' })).body).toBe('Open 8–18.');
    expect(expectOk(await ada.client.call('replies:delete', { replyId: mine.id }))).toBeNull();
    expect(expectOk(await admin.call('replies:delete', { replyId: shared.id }))).toBeNull();
    expect(expectOk(await ada.client.call('replies:list', {}))).toEqual([]);
  });

  it('refuses a shortcut with spaces or a slash, an empty body and an update that changes nothing', async () => {
    h = await startHarness();
    const { client } = await h.onlineAgent();
    expect(await client.call('replies:create', { scope: 'personal', shortcut: 'two words', body: 'x' })).toEqual({ ok: false, error: 'invalid_payload' });
    expect(await client.call('replies:create', { scope: 'personal', shortcut: '/hi', body: 'x' })).toEqual({ ok: false, error: 'invalid_payload' });
    expect(await client.call('replies:create', { scope: 'personal', shortcut: 'hi', body: '  ' })).toEqual({ ok: false, error: 'invalid_payload' });
    const reply = expectOk(await client.call('replies:create', { scope: 'personal', shortcut: 'hi', body: 'Hello' }));
    expect(await client.raw('replies:update', { replyId: reply.id })).toEqual({ ok: false, error: 'invalid_payload' });
  });

  it('holds at most 500 personal replies per agent (conflict), apart from the shared ones', async () => {
    h = await startHarness();
    const { agent, client } = await h.onlineAgent();
    const now = h.clock.now();
    const rows = Array.from({ length: TOOLKIT_LIMITS.repliesPerScope }, (_, i) => ({
      id: `r${i}`,
      owner_id: agent.id,
      shortcut: `s${i}`,
      body: 'x',
      created_at: now,
      updated_at: now,
    }));
    await h.app.db.insertInto('saved_replies').values(rows).execute();
    expect(await client.call('replies:create', { scope: 'personal', shortcut: 'one', body: 'more' })).toEqual({ ok: false, error: 'conflict' });
    const admin = await onlineAdmin();
    expect(expectOk(await admin.call('replies:create', { scope: 'shared', shortcut: 'one', body: 'more' })).scope).toBe('shared');
  });
});
