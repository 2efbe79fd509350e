/**
 * The hot statements go to PostgreSQL as named prepared statements (server/db/pg-prepared.ts): read
 * back from the connection's own `pg_prepared_statements`. Run by `npm run test:pg`.
 */
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { clientMessageAppender } from '../../server/db/messages.ts';
import { preparedNameOf } from '../../server/db/pg-prepared.ts';
import type { Db } from '../../server/db/schema.ts';
import { agentOfSession, createSignInChecks } from '../../server/services/agent-sessions.ts';
import { WRITABLE } from '../../server/services/conversations.ts';
import { startHarness, type Harness } from './helpers.ts';
import { writerFixture } from './writer-fixture.ts';

let h: Harness;
afterEach(async () => {
  await h?.close();
});

interface PreparedRow {
  name: string;
  statement: string;
  runs: number;
}

const preparedOn = async (conn: Db) =>
  (
    await sql<PreparedRow>`select name, statement, generic_plans + custom_plans as runs from pg_prepared_statements`.execute(conn)
  ).rows.map((r) => ({ ...r, runs: Number(r.runs) }));

async function setup() {
  h = await startHarness();
  const fixture = await writerFixture(h);
  if (fixture.visitor.kind !== 'visitor' || fixture.agentActor.kind !== 'agent') throw new Error('fixture actors');
  const agentId = fixture.agentActor.agent.id;
  const session = await h.app.db.selectFrom('agent_sessions').select('id').where('agent_id', '=', agentId).executeTakeFirstOrThrow();
  const sendOne = (conn: Db, clientId: string) =>
    clientMessageAppender(h.app.db).appendMany(conn, [
      { conversationId: fixture.conversationId, clientId, author: fixture.visitor as never, body: 'hi', now: h.clock.now(), whileStatus: WRITABLE.visitor },
    ]);
  return { ...fixture, agentId, sessionId: session.id, sendOne };
}

describe('prepared statements on PostgreSQL', () => {
  it('sends the message batch and the agent sign-in check named, each parsed once and run again on its connection', async () => {
    const { sessionId, agentId, sendOne } = await setup();
    const { before, prepared } = await h.app.db.connection().execute(async (conn) => {
      // the fixture's own sign-in and accept may have run the check on this connection already
      const before = await preparedOn(conn);
      // the check every agent command runs (a batch of one each time here)
      const checkSignIn = createSignInChecks(conn, h.clock);
      for (let i = 0; i < 3; i++) {
        const [appended] = await sendOne(conn, `named-${i}`);
        expect(appended?.kind).toBe('stored');
        expect((await checkSignIn(sessionId))?.id).toBe(agentId);
      }
      await sql`select 1 as not_registered`.execute(conn);
      return { before, prepared: await preparedOn(conn) };
    });
    const runsBefore = (name: string) => before.find((p) => p.name === name)?.runs ?? 0;
    const batch = prepared.filter((p) => p.statement.includes('insert into messages'));
    // the commands' batched check, not the handshake's check of one sign-in
    const check = prepared.filter((p) => p.statement.includes('"agent_sessions"') && p.statement.includes('"s"."id" in ('));
    expect(batch).toHaveLength(1);
    expect(check).toHaveLength(1);
    expect(batch[0]!.name).toBe(preparedNameOf(batch[0]!.statement));
    expect(check[0]!.name).toBe(preparedNameOf(check[0]!.statement));
    // three more runs each, all on the one statement parsed on this connection
    expect(batch[0]!.runs - runsBefore(batch[0]!.name)).toBe(3);
    expect(check[0]!.runs - runsBefore(check[0]!.name)).toBe(3);
    expect(prepared.some((p) => p.statement.includes('not_registered'))).toBe(false);
  });

  it('keeps answering when a migration adds a column under a prepared statement that selects whole rows', async () => {
    const { sessionId, agentId } = await setup();
    await h.app.db.connection().execute(async (conn) => {
      const checkSignIn = createSignInChecks(conn, h.clock);
      expect((await agentOfSession(conn, h.clock, sessionId))?.id).toBe(agentId);
      expect((await checkSignIn(sessionId))?.id).toBe(agentId);
      // as another process's migration would, during a rolling deploy
      await sql`alter table users add column added_by_a_later_version integer`.execute(h.app.db);
      for (let i = 0; i < 2; i++) {
        expect((await agentOfSession(conn, h.clock, sessionId))?.id).toBe(agentId);
        expect((await checkSignIn(sessionId))?.id).toBe(agentId);
      }
    });
  });
});
