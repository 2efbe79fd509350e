import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { CommandError } from '../../protocol/ack.ts';
import type { Actor } from '../../server/services/conversations.ts';
import { createMessageWriter } from '../../server/services/message-writer.ts';
import { agentRoom } from '../../server/handlers/types.ts';
import { createAgentEmits } from '../../server/src/agent-emits.ts';
import type { Effects } from '../../server/services/outcome.ts';
import { manualScheduler, servicesOf, writerFixture } from './writer-fixture.ts';
import { activeChat, startChat, startHarness, type Harness } from './helpers.ts';

let h: Harness;
afterEach(async () => {
  await h?.close();
});

/** Makes the database itself refuse a message with this body (a trigger), on SQLite and PostgreSQL alike. */
async function poisonBody(h: Harness, body: string): Promise<void> {
  if (process.env.TEST_DATABASE_URL) {
    await sql`create function refuse_poison() returns trigger language plpgsql as $$
      begin if new.body = ${sql.lit(body)} then raise exception 'refused by test trigger'; end if; return new; end $$`.execute(h.app.db);
    await sql`create trigger refuse_poison before insert on messages for each row execute function refuse_poison()`.execute(h.app.db);
  } else {
    await sql`create trigger refuse_poison before insert on messages when new.body = ${sql.lit(body)}
      begin select raise(abort, 'refused by test trigger'); end`.execute(h.app.db);
  }
}

async function setup() {
  h = await startHarness();
  return writerFixture(h);
}

describe('message writer (group commit)', () => {
  it('commits several sends in one transaction, in arrival order, only after the window', async () => {
    const { conversationId, visitor, agentActor, writer, commits, scheduler } = await setup();
    let settled = 0;
    const sends = [
      writer.send(visitor, { conversationId, clientId: 'v1', body: 'one' }),
      writer.send(agentActor, { conversationId, clientId: 'a1', body: 'two' }),
      writer.send(visitor, { conversationId, clientId: 'v2', body: 'three' }),
    ].map((p) => p.finally(() => (settled += 1)));
    await new Promise((r) => setTimeout(r, 20));
    expect(settled).toBe(0);
    expect(commits).toEqual([]);
    scheduler.fire();
    const results = (await Promise.all(sends)).map((o) => o.result);
    expect(commits).toEqual([3]);
    expect(results.map((m) => m.body)).toEqual(['one', 'two', 'three']);
    const seqs = results.map((m) => m.seq);
    expect(seqs).toEqual([seqs[0], seqs[0]! + 1, seqs[0]! + 2]);
    const stored = await h.app.db.selectFrom('messages').select(['client_id', 'seq']).where('conversation_id', '=', conversationId).where('client_id', 'in', ['v1', 'a1', 'v2']).orderBy('seq').execute();
    expect(stored.map((r) => r.client_id)).toEqual(['v1', 'a1', 'v2']);
    const conv = await h.app.db.selectFrom('conversations').selectAll().where('id', '=', conversationId).executeTakeFirstOrThrow();
    expect(conv.last_seq).toBe(seqs[2]);
    expect(conv.last_activity_at).toBe(h.clock.now());
  });

  it('gives a forbidden or invalid send its own error while the others in the batch succeed', async () => {
    const { conversationId, visitor, agentActor, writer, commits, scheduler } = await setup();
    const other = await startChat(h, 'Someone Else'); // waiting, not the agent's
    const stranger: Actor = { kind: 'visitor', visitorId: 'not-a-visitor' };
    const sends = [
      writer.send(visitor, { conversationId, clientId: 'ok1', body: 'fine' }),
      writer.send(stranger, { conversationId, clientId: 'bad1', body: 'nope' }),
      writer.send(agentActor, { conversationId: other.conversationId, clientId: 'bad2', body: 'nope' }),
      writer.send(visitor, { conversationId: 'missing', clientId: 'bad3', body: 'nope' }),
      writer.send(agentActor, { conversationId, clientId: 'ok2', body: 'also fine' }),
    ];
    scheduler.fire();
    const outcomes = await Promise.allSettled(sends);
    expect(commits).toEqual([5]);
    expect(outcomes[0]!.status).toBe('fulfilled');
    expect(outcomes[4]!.status).toBe('fulfilled');
    const codes = outcomes.slice(1, 4).map((o) => (o.status === 'rejected' && o.reason instanceof CommandError ? o.reason.code : o.status));
    expect(codes).toEqual(['not_found', 'forbidden', 'not_found']);
    const stored = await h.app.db.selectFrom('messages').select('client_id').where('client_id', 'in', ['ok1', 'ok2', 'bad1', 'bad2', 'bad3']).execute();
    expect(stored.map((r) => r.client_id).sort()).toEqual(['ok1', 'ok2']);
  });

  it('fails only the send the database refuses; the rest of its batch is stored without a seq gap', async () => {
    const { conversationId, visitor, agentActor, writer, scheduler } = await setup();
    await poisonBody(h, 'poison');
    const sends = [
      writer.send(visitor, { conversationId, clientId: 'p1', body: 'before' }),
      writer.send(agentActor, { conversationId, clientId: 'p2', body: 'poison' }),
      writer.send(visitor, { conversationId, clientId: 'p3', body: 'after' }),
      writer.send(visitor, { conversationId, clientId: 'p1', body: 'before' }),
    ];
    scheduler.fire();
    const outcomes = await Promise.allSettled(sends);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    const poisoned = outcomes[1]!.status === 'rejected' ? outcomes[1]!.reason : null;
    expect(poisoned).not.toBeInstanceOf(CommandError);
    const [first, , third, repeat] = outcomes.map((o) => (o.status === 'fulfilled' ? o.value : null));
    expect(third!.result.seq).toBe(first!.result.seq + 1);
    expect(repeat!.result).toEqual(first!.result);
    expect(repeat!.events).toEqual([]);
    const stored = await h.app.db.selectFrom('messages').select(['client_id', 'seq']).where('conversation_id', '=', conversationId).where('client_id', 'in', ['p1', 'p2', 'p3']).orderBy('seq').execute();
    expect(stored.map((r) => r.client_id)).toEqual(['p1', 'p3']);
    const conv = await h.app.db.selectFrom('conversations').select('last_seq').where('id', '=', conversationId).executeTakeFirstOrThrow();
    expect(conv.last_seq).toBe(third!.result.seq);
  });

  it('stores a client id repeated within one batch once, and announces it once', async () => {
    const { conversationId, visitor, writer, commits, scheduler } = await setup();
    const a = writer.send(visitor, { conversationId, clientId: 'dup', body: 'hello' });
    const b = writer.send(visitor, { conversationId, clientId: 'dup', body: 'hello' });
    scheduler.fire();
    const [first, second] = await Promise.all([a, b]);
    expect(commits).toEqual([1 + 1]);
    expect(second.result).toEqual(first.result);
    expect(first.events.length).toBeGreaterThan(0);
    expect(second.events).toEqual([]);
    const rows = await h.app.db.selectFrom('messages').select('id').where('conversation_id', '=', conversationId).where('client_id', '=', 'dup').execute();
    expect(rows).toHaveLength(1);
  });

  it('flushes a full batch at once and keeps seq order across batches', async () => {
    const { conversationId, visitor, scheduler } = await setup();
    const commits: number[] = [];
    const writer = createMessageWriter(servicesOf(h), { scheduler, maxBatch: 3, onCommit: (n) => commits.push(n) });
    const sends = Array.from({ length: 7 }, (_, i) => writer.send(visitor, { conversationId, clientId: `m${i}`, body: `m${i}` }));
    // the first 3 went at once; the rest follow the commit (full) or the window
    await sends[2];
    scheduler.fire();
    await writer.flush();
    const results = (await Promise.all(sends)).map((o) => o.result.seq);
    expect(commits.reduce((a, b) => a + b, 0)).toBe(7);
    expect(commits[0]).toBe(3);
    expect(results).toEqual([...results].sort((a, b) => a - b));
    expect(new Set(results).size).toBe(7);
  });

  it('lets a batch wait for company only while sends arrive often, and sends it at once at a quiet time', async () => {
    const { conversationId, visitor, writer, commits, scheduler } = await setup();
    let n = 0;
    const send = () => writer.send(visitor, { conversationId, clientId: `paced-${n}`, body: `m${n++}` });
    // a quiet chat: one send every 25 ms, each batch asks for no wait
    for (let i = 0; i < 10; i++) {
      const sent = send();
      scheduler.fire();
      await sent;
      await writer.flush(); // the commit is over, not only its sends settled
      scheduler.time += 25;
    }
    expect(scheduler.waits).toEqual(Array(10).fill(0));
    expect(commits).toEqual(Array(10).fill(1));
    // a busy one: sends a quarter of a millisecond apart
    scheduler.waits.length = 0;
    const busy = [];
    for (let i = 0; i < 9; i++) {
      busy.push(send());
      scheduler.time += 0.25;
    }
    expect(scheduler.waits).toEqual([0]); // the first of them still looked quiet
    scheduler.fire();
    await Promise.all(busy);
    await writer.flush();
    // the last 8 sends came a quarter of a millisecond apart: the next batch waits for 8 more, 2 ms
    const next = [send(), send(), send()];
    expect(scheduler.waits).toEqual([0, 2]);
    scheduler.fire();
    await Promise.all(next);
    expect(commits.slice(10)).toEqual([9, 3]);
  });

  it('acks over the socket after the commit, as before', async () => {
    h = await startHarness();
    const { client: agent } = await h.onlineAgent('Ada');
    const { visitor, conversationId } = await activeChat(h, agent);
    const acks = await Promise.all(
      Array.from({ length: 10 }, (_, i) => visitor.call('message:send', { conversationId, clientId: `sock-${i}`, body: `s${i}` })),
    );
    const seqs = acks.map((a) => (a.ok ? a.data.seq : -1));
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    const stored = await h.app.db.selectFrom('messages').select('seq').where('conversation_id', '=', conversationId).where('client_id', 'like', 'sock-%').execute();
    expect(stored).toHaveLength(10);
  });

  it("tells the agent a commit's messages in one messages:created, in seq order", async () => {
    const { conversationId, visitor, agentClient, writer, scheduler } = await setup();
    const agentSocket = agentClient.socket;
    const packets: Array<{ event: string; payload: unknown }> = [];
    agentSocket.onAny((event: string, payload: unknown) => packets.push({ event, payload }));
    const sends = [1, 2, 3].map((i) => writer.send(visitor, { conversationId, clientId: `one-commit-${i}`, body: `m${i}` }));
    scheduler.fire();
    const outcomes = await Promise.all(sends);
    const emits = createAgentEmits((agentId) => h.app.io.of('/agent').to(agentRoom(agentId)) as never);
    const effects = { agent: emits.agent, visitor: () => ({ emit: () => true }) } as unknown as Effects;
    for (const outcome of outcomes) for (const deliver of outcome.events) deliver(effects);
    await new Promise((resolve) => setImmediate(resolve));
    await agentClient.flush();

    const batches = packets.filter((p) => p.event === 'messages:created');
    expect(batches).toHaveLength(1);
    expect((batches[0]!.payload as Array<{ clientId: string; seq: number }>).map((m) => m.clientId)).toEqual(['one-commit-1', 'one-commit-2', 'one-commit-3']);
    expect(packets.filter((p) => p.event === 'message:created')).toHaveLength(0);
  });
});
