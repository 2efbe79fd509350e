import { afterEach, describe, expect, it } from 'vitest';
import type { MessageDTO } from '../../protocol/dto.ts';
import type { MessageNotice } from '../../protocol/notices.ts';
import { activeChat, expectOk, startHarness, type AgentClient, type Harness, type VisitorClient } from './helpers.ts';

let h: Harness;
afterEach(async () => {
  await h?.close();
});

const isSystem = (m: MessageDTO) => m.author === 'system';

/** Both sides got the line with its notice and English body, and a pull from the database gives the same. */
async function expectNotice(agent: AgentClient, visitor: VisitorClient, conversationId: string, notice: MessageNotice, body: string) {
  const expected = { author: 'system', notice, body };
  const seen = await visitor.waitFor('message:created', (m) => isSystem(m) && m.notice?.kind === notice.kind);
  expect(seen).toMatchObject(expected);
  expect(await agent.waitFor('message:created', (m) => isSystem(m) && m.notice?.kind === notice.kind)).toMatchObject(expected);
  const pulled = expectOk(await visitor.call('sync:pull', { conversationId, afterSeq: 0 }));
  expect(pulled.messages.find((m) => m.id === seen.id)).toEqual(seen);
  const row = await h.app.db.selectFrom('messages').select('notice').where('id', '=', seen.id).executeTakeFirstOrThrow();
  expect(JSON.parse(row.notice ?? 'null')).toEqual(notice);
}

describe('notices: the lines the service writes carry a code and parameters', () => {
  it('an agent joining is agent_joined with their name', async () => {
    h = await startHarness();
    const { client } = await h.onlineAgent('Ada');
    const { visitor, conversationId } = await activeChat(h, client);
    await expectNotice(client, visitor, conversationId, { kind: 'agent_joined', name: 'Ada' }, 'Ada joined the chat');
  });

  it('the visitor ending the chat is chat_ended by the visitor', async () => {
    h = await startHarness();
    const { client } = await h.onlineAgent('Ada');
    const { visitor, conversationId } = await activeChat(h, client);
    expectOk(await visitor.call('conversation:end', { conversationId }));
    await expectNotice(client, visitor, conversationId, { kind: 'chat_ended', by: 'visitor' }, 'Chat ended by the visitor');
  });

  it('the agent ending the chat is chat_ended by the agent, with their name', async () => {
    h = await startHarness();
    const { client } = await h.onlineAgent('Ada');
    const { visitor, conversationId } = await activeChat(h, client);
    expectOk(await client.call('conversation:end', { conversationId }));
    await expectNotice(client, visitor, conversationId, { kind: 'chat_ended', by: 'agent', name: 'Ada' }, 'Chat ended by Ada');
  });

  it('the idle timeout is idle_ended with the limit in minutes', async () => {
    h = await startHarness({ IDLE_TIMEOUT_MS: '600000' });
    const { client } = await h.onlineAgent('Ada');
    const { visitor, conversationId } = await activeChat(h, client);
    h.clock.advance(600_000);
    await h.app.sweep();
    await expectNotice(client, visitor, conversationId, { kind: 'idle_ended', minutes: 10 }, 'Chat ended after 10 minutes without activity');
  });

  it('an idle limit under a minute is idle_ended with 0 minutes', async () => {
    h = await startHarness({ IDLE_TIMEOUT_MS: '5000' });
    const { client } = await h.onlineAgent('Ada');
    const { visitor, conversationId } = await activeChat(h, client);
    h.clock.advance(5000);
    await h.app.sweep();
    await expectNotice(client, visitor, conversationId, { kind: 'idle_ended', minutes: 0 }, 'Chat ended after a while without activity');
  });

  it('an idle limit of one minute is idle_ended with 1 minute, said in the singular', async () => {
    h = await startHarness({ IDLE_TIMEOUT_MS: '60000' });
    const { client } = await h.onlineAgent('Ada');
    const { visitor, conversationId } = await activeChat(h, client);
    h.clock.advance(60_000);
    await h.app.sweep();
    await expectNotice(client, visitor, conversationId, { kind: 'idle_ended', minutes: 1 }, 'Chat ended after 1 minute without activity');
  });

  it('a disabled agent handing the chat back is agent_unavailable with their name, told to the visitor', async () => {
    h = await startHarness();
    const { agent, client } = await h.onlineAgent('Ada');
    const { visitor, conversationId } = await activeChat(h, client);
    await h.app.db.updateTable('users').set({ disabled: 1 }).where('id', '=', agent.id).execute();
    await h.app.sweep();
    const notice = { kind: 'agent_unavailable', name: 'Ada' } as const;
    const seen = await visitor.waitFor('message:created', (m) => m.notice?.kind === 'agent_unavailable');
    expect(seen).toMatchObject({ author: 'system', notice, body: 'Ada is no longer available. Connecting you with another agent…' });
    const pulled = expectOk(await visitor.call('sync:pull', { conversationId, afterSeq: 0 }));
    expect(pulled.messages.find((m) => m.id === seen.id)?.notice).toEqual(notice);
  });

  it('a message a person wrote carries no notice', async () => {
    h = await startHarness();
    const { client } = await h.onlineAgent('Ada');
    const { visitor, conversationId } = await activeChat(h, client);
    const sent = expectOk(await visitor.call('message:send', { conversationId, clientId: 'v1', body: 'Hello' }));
    expect(sent).not.toHaveProperty('notice');
    expect(await client.waitFor('message:created', (m) => m.clientId === 'v1')).not.toHaveProperty('notice');
  });

  it('a row from before notices keeps its plain text and has no notice', async () => {
    h = await startHarness();
    const { client } = await h.onlineAgent('Ada');
    const { visitor, conversationId } = await activeChat(h, client);
    await h.app.db.updateTable('messages').set({ notice: null }).where('conversation_id', '=', conversationId).execute();
    const [joined] = expectOk(await visitor.call('sync:pull', { conversationId, afterSeq: 0 })).messages;
    expect(joined).toMatchObject({ author: 'system', body: 'Ada joined the chat' });
    expect(joined).not.toHaveProperty('notice');
  });
});
