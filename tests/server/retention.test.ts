import { chmodSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { TOKEN_TTL_MS } from '../../server/services/auth.ts';
import { activeChat, expectOk, SITE_ORIGIN, startChat, startHarness, type Harness } from './helpers.ts';

let h: Harness;
afterEach(async () => {
  await h?.close();
});

const count = async (table: 'tokens' | 'visitors') => (await h.app.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n;

describe('the embedded database on disk', () => {
  it('takes its folder for the owner alone (0700) and keeps its files unreadable by others (0600)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'switchboard-modes-'));
    chmodSync(dir, 0o755);
    const local = await startHarness({ DATABASE_URL: '' }, { dataDir: dir });
    try {
      expect((statSync(dir).mode & 0o777).toString(8)).toBe('700');
      expect((statSync(join(dir, 'switchboard.sqlite')).mode & 0o777).toString(8)).toBe('600');
    } finally {
      await local.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('data retention', () => {
  it('the sweep deletes expired tokens and visitors who never did anything, and keeps everyone with a chat', async () => {
    h = await startHarness();
    await h.onlineAgent();
    // a page load that never chatted, and a visitor who did
    await h.post('/api/visitor/session', {}, { origin: SITE_ORIGIN });
    const { conversationId } = await startChat(h);
    expect(Number(await count('visitors'))).toBe(2);

    // a visitor whose session is being created right now (the row is written before its token)
    await h.app.db.insertInto('visitors').values({ id: 'mid-creation', name: null, email: null, job_title: null, phone: null, crm_status: null, created_at: h.clock.now() }).execute();
    await h.app.sweep();
    expect(Number(await count('visitors'))).toBe(3);

    h.clock.advance(TOKEN_TTL_MS.visitor + 60 * 60_000);
    await h.app.sweep();
    const visitors = await h.app.db.selectFrom('visitors').select('id').execute();
    // the one who chatted stays; the page load and the (by now old) tokenless visitor are gone
    expect(visitors).toHaveLength(1);
    const chat = await h.app.db.selectFrom('conversations').select('visitor_id').where('id', '=', conversationId).executeTakeFirstOrThrow();
    expect(visitors[0]!.id).toBe(chat.visitor_id);
    // every token had expired: visitors' and the agent's
    expect(Number(await count('tokens'))).toBe(0);
  });

  it('the sweep deletes chats ended more than CHAT_RETENTION_DAYS ago with their messages and offers, and keeps newer and open ones', async () => {
    h = await startHarness({ CHAT_RETENTION_DAYS: '90' });
    const agent = await h.onlineAgent();
    const rows = async (table: 'conversations' | 'messages' | 'offers', id: string) =>
      (await h.app.db.selectFrom(table).select('id').where(table === 'conversations' ? 'id' : 'conversation_id', '=', id).execute()).length;

    const old = await activeChat(h, agent.client, 'Olga Old');
    expectOk(await old.visitor.call('message:send', { conversationId: old.conversationId, clientId: 'old-1', body: 'long ago' }));
    expectOk(await agent.client.call('conversation:end', { conversationId: old.conversationId }));
    expectOk(await agent.client.call('availability:set', { available: false }));
    h.clock.advance(60 * 24 * 60 * 60_000);
    // two months on, the first agent's sign-in has run out: a colleague takes the next chats
    const colleague = await h.onlineAgent();
    const recent = await activeChat(h, colleague.client, 'Rita Recent');
    expectOk(await colleague.client.call('conversation:end', { conversationId: recent.conversationId }));
    const open = await activeChat(h, colleague.client, 'Otto Open');

    h.clock.advance(31 * 24 * 60 * 60_000);
    await h.app.sweep();
    expect([await rows('conversations', old.conversationId), await rows('messages', old.conversationId), await rows('offers', old.conversationId)]).toEqual([0, 0, 0]);
    expect(await rows('conversations', recent.conversationId)).toBe(1);
    expect(await rows('conversations', open.conversationId)).toBe(1);
  });
});
