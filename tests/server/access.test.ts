import { request as httpRequest } from 'node:http';
import { sql } from 'kysely';
import { io } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import { LIMITS } from '../../protocol/limits.ts';
import {
  activeChat,
  AGENT_ORIGIN,
  connected,
  countRows,
  expectOk,
  handshakeOutcome,
  openSocket,
  SITE_ORIGIN,
  startChat,
  startHarness,
  type Harness,
} from './helpers.ts';

/**
 * Speaks engine.io long-polling by hand, as a browser on a same-origin page does: no Origin header, only
 * Host. Returns 'connected' or the refusal message of the /visitor namespace.
 */
async function pollingConnect(url: string, token: string, host: string): Promise<string> {
  const send = (path: string, method: 'GET' | 'POST', body?: string) =>
    new Promise<string>((resolve, reject) => {
      const request = httpRequest(`${url}${path}`, { method, headers: { host, 'content-type': 'text/plain' } }, (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () => resolve(text));
      });
      request.on('error', reject);
      request.end(body);
    });
  const open = await send('/socket.io/?EIO=4&transport=polling', 'GET');
  const { sid } = JSON.parse(open.slice(1)) as { sid: string };
  const query = `/socket.io/?EIO=4&transport=polling&sid=${sid}`;
  await send(query, 'POST', `40/visitor,${JSON.stringify({ token })}`);
  const answer = await send(query, 'GET');
  if (answer.startsWith('40/visitor,')) return 'connected';
  const refusal = /^44\/visitor,(.*)$/.exec(answer);
  return refusal?.[1] ? (JSON.parse(refusal[1]) as { message: string }).message : answer;
}

let h: Harness;
afterEach(async () => {
  await h?.close();
});

const refusal = (namespace: string, token: unknown, origin: string | null) => handshakeOutcome(h.url, namespace, token, origin);

describe('who may connect', () => {
  it('refuses a wrong or missing origin on both namespaces', async () => {
    h = await startHarness();
    const { token } = await h.addAgent();
    const visitor = await h.connectVisitor();
    expect(await refusal('/agent', token, 'https://evil.test')).toBe('forbidden');
    expect(await refusal('/agent', token, SITE_ORIGIN)).toBe('forbidden');
    expect(await refusal('/agent', token, null)).toBe('forbidden');
    expect(await refusal('/visitor', visitor.token, 'https://evil.test')).toBe('forbidden');
    expect(await refusal('/visitor', visitor.token, AGENT_ORIGIN)).toBe('forbidden');
    expect(await refusal('/agent', token, AGENT_ORIGIN)).toBe('connected');
  });

  it('lets the widget connect over long-polling, with CORS for the site origin', async () => {
    h = await startHarness();
    const visitor = await h.connectVisitor();
    const socket = io(`${h.url}/visitor`, {
      auth: { token: visitor.token },
      transports: ['polling'],
      extraHeaders: { origin: SITE_ORIGIN },
      forceNew: true,
      reconnection: false,
    });
    try {
      await connected(socket);
      expect(socket.io.engine.transport.name).toBe('polling');
    } finally {
      socket.disconnect();
    }
    const handshake = await fetch(`${h.url}/socket.io/?EIO=4&transport=polling`, { headers: { origin: SITE_ORIGIN } });
    expect(handshake.status).toBe(200);
    expect(handshake.headers.get('access-control-allow-origin')).toBe(SITE_ORIGIN);
  });

  it('lets a same-origin page (no Origin header on the polling handshake) connect when its host is a site origin', async () => {
    h = await startHarness();
    const visitor = await h.connectVisitor();
    expect(await pollingConnect(h.url, visitor.token, 'site.test')).toBe('connected');
    expect(await pollingConnect(h.url, visitor.token, 'evil.test')).toBe('forbidden');
  });

  it('accepts any Firefox extension id through the moz-extension://* pattern', async () => {
    h = await startHarness();
    const { token } = await h.addAgent();
    expect(await refusal('/agent', token, 'moz-extension://4b3c2a10-aaaa-bbbb-cccc-0123456789ab')).toBe('connected');
  });

  it('refuses a bad token on both namespaces, and a visitor token on /agent', async () => {
    h = await startHarness();
    const visitor = await h.connectVisitor();
    expect(await refusal('/agent', 'not-a-token', AGENT_ORIGIN)).toBe('unauthorized');
    expect(await refusal('/agent', undefined, AGENT_ORIGIN)).toBe('unauthorized');
    expect(await refusal('/agent', visitor.token, AGENT_ORIGIN)).toBe('unauthorized');
    expect(await refusal('/visitor', 'not-a-token', SITE_ORIGIN)).toBe('unauthorized');
    expect(await refusal('/visitor', { nested: true }, SITE_ORIGIN)).toBe('unauthorized');
  });
});

describe('who may see and touch a conversation', () => {
  it("does not let a visitor read, write or end another visitor's conversation", async () => {
    h = await startHarness();
    const { client: agent } = await h.onlineAgent();
    const { conversationId } = await activeChat(h, agent);
    const stranger = await h.connectVisitor();
    const before = await countRows(h, 'messages');
    expect(await stranger.call('sync:pull', { conversationId, afterSeq: 0 })).toEqual({ ok: false, error: 'not_found' });
    expect(await stranger.call('message:send', { conversationId, clientId: 'x', body: 'hi' })).toEqual({
      ok: false,
      error: 'not_found',
    });
    expect(await stranger.call('conversation:end', { conversationId })).toEqual({ ok: false, error: 'not_found' });
    expect(await countRows(h, 'messages')).toBe(before);
  });

  it("does not let an agent send to, end or read another agent's active conversation", async () => {
    h = await startHarness();
    const owner = await h.onlineAgent();
    const { conversationId } = await activeChat(h, owner.client);
    const other = await h.onlineAgent();
    expect(await other.client.call('message:send', { conversationId, clientId: 'x', body: 'hi' })).toEqual({
      ok: false,
      error: 'forbidden',
    });
    expect(await other.client.call('conversation:end', { conversationId })).toEqual({ ok: false, error: 'forbidden' });
    const snapshot = expectOk(await other.client.call('sync:pull', { cursors: { [conversationId]: 0 } }));
    expect(snapshot.conversations).toEqual([]);
    expect(snapshot.messages).toEqual([]);
    expect(await other.client.call('message:send', { conversationId: 'nope', clientId: 'x', body: 'hi' })).toEqual({
      ok: false,
      error: 'not_found',
    });
  });

  it("lets an agent read another agent's past conversation (SPEC R8)", async () => {
    h = await startHarness();
    const owner = await h.onlineAgent();
    const { conversationId } = await activeChat(h, owner.client);
    expectOk(await owner.client.call('conversation:end', { conversationId }));
    const other = await h.onlineAgent();
    const snapshot = expectOk(await other.client.call('sync:pull', { cursors: { [conversationId]: 0 } }));
    expect(snapshot.conversations.map((c) => [c.id, c.status])).toEqual([[conversationId, 'ended']]);
    expect(snapshot.messages.map((m) => m.body)).toEqual(['Agent 1 joined the chat', 'Chat ended by Agent 1']);
  });
});

describe('payload checks', () => {
  it('answers malformed payloads with invalid_payload and changes nothing', async () => {
    h = await startHarness();
    const { client: agent } = await h.onlineAgent();
    const { visitor, conversationId } = await activeChat(h, agent);
    const before = await countRows(h, 'messages');
    const bad: Array<[typeof agent | typeof visitor, string, unknown]> = [
      [visitor, 'message:send', { conversationId, clientId: 'x' }],
      [visitor, 'message:send', { conversationId, clientId: 'bad id!', body: 'hi' }],
      [visitor, 'message:send', { conversationId, clientId: 'x', body: '   ' }],
      [visitor, 'message:send', { conversationId, clientId: 'x', body: 'hi', extra: 1 }],
      [visitor, 'message:send', 'just a string'],
      [visitor, 'chat:start', { name: 'Vera', email: 'not-an-email' }],
      [visitor, 'sync:pull', { conversationId, afterSeq: -1 }],
      [agent, 'availability:set', { available: 'yes' }],
      [agent, 'offer:accept', {}],
      [agent, 'sync:pull', { cursors: { [conversationId]: 1.5 } }],
      [agent, 'conversation:end', null],
    ];
    for (const [client, event, payload] of bad) {
      expect(await client.raw(event, payload), `${event} ${JSON.stringify(payload)}`).toEqual({
        ok: false,
        error: 'invalid_payload',
      });
    }
    expect(await visitor.raw('message:send')).toEqual({ ok: false, error: 'invalid_payload' });
    expect(await countRows(h, 'messages')).toBe(before);
    const me = await h.app.db.selectFrom('users').select('available').executeTakeFirstOrThrow();
    expect(me.available).toBe(1);
  });

  it('answers oversized payloads with payload_too_large and changes nothing', async () => {
    h = await startHarness();
    const { client: agent } = await h.onlineAgent();
    const { visitor, conversationId } = await activeChat(h, agent);
    const before = await countRows(h, 'messages');
    const tooLong = 'x'.repeat(LIMITS.messageBody + 1);
    expect(await visitor.call('message:send', { conversationId, clientId: 'long', body: tooLong })).toEqual({
      ok: false,
      error: 'payload_too_large',
    });
    const huge = { conversationId, clientId: 'huge', body: 'x'.repeat(LIMITS.maxPayloadBytes + 1) };
    expect(await visitor.raw('message:send', huge)).toEqual({ ok: false, error: 'payload_too_large' });
    expect(await agent.raw('message:send', huge)).toEqual({ ok: false, error: 'payload_too_large' });
    expect(await agent.raw('sync:pull', { cursors: {}, pad: 'x'.repeat(20_000) })).toEqual({
      ok: false,
      error: 'payload_too_large',
    });
    expect(await countRows(h, 'messages')).toBe(before);
    const exactlyMax = 'y'.repeat(LIMITS.messageBody);
    expect(expectOk(await visitor.call('message:send', { conversationId, clientId: 'max', body: exactlyMax })).body).toBe(
      exactlyMax,
    );
  });

  it('answers internal to an unexpected failure, logs it, and keeps the connection', async () => {
    h = await startHarness();
    const { client: agent } = await h.onlineAgent();
    const { visitor, conversationId } = await activeChat(h, agent);
    h.logger.echo = false;
    await sql`drop table messages`.execute(h.app.db);
    expect(await visitor.call('message:send', { conversationId, clientId: 'boom', body: 'hi' })).toEqual({
      ok: false,
      error: 'internal',
    });
    expect(h.logger.errors).toEqual(['command failed']);
    expect(visitor.socket.connected).toBe(true);
    expect(await visitor.call('conversation:end', { conversationId: 'nope' })).toEqual({ ok: false, error: 'not_found' });
  });

  it('ignores a command sent without an ack callback', async () => {
    h = await startHarness();
    const { client: agent } = await h.onlineAgent();
    const { visitor, conversationId } = await activeChat(h, agent);
    const before = await countRows(h, 'messages');
    visitor.socket.emit('message:send', { conversationId, clientId: 'no-ack', body: 'hello' });
    await visitor.flush();
    expect(await countRows(h, 'messages')).toBe(before);
    expect(visitor.socket.connected).toBe(true);
  });
});
