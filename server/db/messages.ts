import { randomUUID } from 'node:crypto';
import { CompiledQuery, PostgresAdapter, sql, type Selectable } from 'kysely';
import type { ConversationStatus, MessageAuthor, MessageDTO } from '../../protocol/dto.ts';
import type { MessageCard } from '../../protocol/meetings.ts';
import type { MessageNotice } from '../../protocol/notices.ts';
import { timeOrderedId } from '../../protocol/ids.ts';
import { prepareOnPostgres } from './pg-prepared.ts';
import { compiledOnce, type Statement } from './precompiled.ts';
import type { Db, MessagesTable } from './schema.ts';
import { sqliteFileOf, type SqliteFile } from './sqlite.ts';

export type MessageRow = Selectable<MessagesTable>;

export function toMessageDTO(m: MessageRow): MessageDTO {
  return {
    id: m.id,
    conversationId: m.conversation_id,
    seq: m.seq,
    clientId: m.client_id,
    author: m.author,
    authorName: m.author_name,
    body: m.body,
    createdAt: m.created_at,
    ...(m.card ? { card: JSON.parse(m.card) as MessageCard } : {}),
    ...(m.notice ? { notice: JSON.parse(m.notice) as MessageNotice } : {}),
    ...(m.note ? { note: true as const } : {}),
  };
}

export interface NewMessage {
  conversationId: string;
  clientId: string;
  author: MessageAuthor;
  authorName: string | null;
  body: string;
  now: number;
  /** structured content for clients to show as a card */
  card?: MessageCard;
  /** a line the service wrote, for clients to word in their reader's language */
  notice?: MessageNotice;
  /** the message is stored only while the conversation has one of these statuses */
  whileStatus?: readonly ConversationStatus[];
}

/**
 * Takes the conversation's next sequence number and stores the message with it. Must run inside a
 * transaction. Returns undefined when the conversation is not (or no longer) in `whileStatus`.
 */
export async function appendMessage(trx: Db, m: NewMessage): Promise<MessageRow | undefined> {
  let bump = trx
    .updateTable('conversations')
    // the idle timeout counts from the last visitor or agent message, not from system notices
    .set((eb) => ({ last_seq: eb('last_seq', '+', 1), ...(m.author === 'system' ? {} : { last_activity_at: m.now }) }))
    .where('id', '=', m.conversationId);
  if (m.whileStatus) bump = bump.where('status', 'in', m.whileStatus);
  const bumped = await bump.returning('last_seq').executeTakeFirst();
  if (!bumped) return undefined;
  const row: MessageRow = {
    id: timeOrderedId(m.now),
    conversation_id: m.conversationId,
    seq: bumped.last_seq,
    client_id: m.clientId,
    author: m.author,
    author_name: m.authorName,
    body: m.body,
    created_at: m.now,
    card: m.card ? JSON.stringify(m.card) : null,
    notice: m.notice ? JSON.stringify(m.notice) : null,
    note: 0,
  };
  await trx.insertInto('messages').values(row).execute();
  return row;
}

/** Who writes a client message: the conversation's visitor, or the agent it is assigned to. */
export type ClientAuthor = { kind: 'visitor'; visitorId: string } | { kind: 'agent'; agentId: string; name: string };

export interface NewClientMessage {
  conversationId: string;
  clientId: string;
  author: ClientAuthor;
  body: string;
  now: number;
  whileStatus: readonly ConversationStatus[];
  /** an internal note (agents only): never told to or synced by the visitor */
  note?: boolean;
}

export type ClientAppend =
  /** stored now; `conversation` is read under the row lock, so its agent is the one to tell */
  | { kind: 'stored'; row: MessageRow; conversation: { visitor_id: string; agent_id: string | null } }
  /** nothing written: the conversation is missing, not the author's, not writable, or has this client id */
  | { kind: 'refused' }
  /** another process stored this client id after our snapshot; nothing written */
  | { kind: 'raced' };

interface BumpValues {
  [key: string]: string | number | readonly string[];
  conversationId: string;
  ownerId: string;
  whileStatus: readonly ConversationStatus[];
  clientId: string;
  now: number;
}

function bumpQuery(db: Db, owner: 'visitor_id' | 'agent_id', v: BumpValues) {
  return db
    .updateTable('conversations')
    .set((eb) => ({ last_seq: eb('last_seq', '+', 1), last_activity_at: v.now }))
    .where('id', '=', v.conversationId)
    .where(owner, '=', v.ownerId)
    .where('status', 'in', v.whileStatus)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('messages')
            .select(sql.lit(1).as('one'))
            .whereRef('messages.conversation_id', '=', 'conversations.id')
            .where('messages.client_id', '=', v.clientId),
        ),
      ),
    )
    .returning((eb) => [
      'last_seq',
      'visitor_id',
      'agent_id',
      eb.selectFrom('visitors').select('name').whereRef('visitors.id', '=', 'conversations.visitor_id').as('visitor_name'),
    ]);
}

type InsertValues = { [key: string]: string | number | null } & Omit<MessageRow, 'card' | 'notice'>;

function insertQuery(db: Db, row: InsertValues) {
  return db
    .insertInto('messages')
    .values({ ...row, card: null, notice: null })
    .onConflict((oc) => oc.columns(['client_id', 'conversation_id']).doNothing())
    .returning('seq');
}

/**
 * Stores clients' messages; see clientMessageAppender. A whole batch at a time, atomic: on SQLite in
 * one transaction, on PostgreSQL in one statement (atomic by itself, so no BEGIN or COMMIT). Either
 * way it resolves only once the batch is on disk.
 */
export interface ClientMessageAppender {
  /**
   * One answer per message, in order: `stored`, `refused`, or on SQLite `raced` (only ever with a second
   * writer). On PostgreSQL the same client id committed by another process while the statement waited
   * for a conversation's row lock makes the statement fail with a unique violation, and the database
   * undoes all of it.
   */
  appendMany(db: Db, ms: readonly NewClientMessage[]): Promise<ClientAppend[]>;
}

function appendValues(m: NewClientMessage): BumpValues {
  return {
    conversationId: m.conversationId,
    ownerId: m.author.kind === 'visitor' ? m.author.visitorId : m.author.agentId,
    whileStatus: m.whileStatus,
    clientId: m.clientId,
    now: m.now,
  };
}

function newRow(m: NewClientMessage, seq: number, visitorName: string | null): InsertValues {
  return {
    id: timeOrderedId(m.now),
    conversation_id: m.conversationId,
    seq,
    client_id: m.clientId,
    author: m.author.kind,
    author_name: m.author.kind === 'agent' ? m.author.name : visitorName,
    body: m.body,
    created_at: m.now,
    note: m.note && m.author.kind === 'agent' ? 1 : 0,
  };
}

interface BatchAnswer {
  ord: number;
  seq: number;
  visitor_id: string;
  agent_id: string | null;
  visitor_name: string | null;
}

/**
 * PostgreSQL: a batch in one statement, the sends as parallel arrays. It locks the batch's conversations
 * in id order (so two processes' batches cannot deadlock on each other), keeps each send whose author
 * owns the conversation, whose status lets them write and whose client id is new (a client id repeated
 * within the batch: the first one), numbers them per conversation in arrival order after the locked
 * row's last seq, raises each conversation's last seq by its count, and inserts. It answers the kept
 * sends with their seq, whom to tell and the visitor's name; a send left out is refused. The INSERT
 * has no ON CONFLICT: see ClientMessageAppender.
 */
const PG_APPEND_MANY = `with input as (
    select * from unnest($1::integer[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::integer[])
      as t(ord, conversation_id, author, owner_id, statuses, client_id, id, author_name, body, note)
  ), locked as (
    select c.id, c.last_seq, c.visitor_id, c.agent_id, c.status,
      (select v.name from visitors v where v.id = c.visitor_id) as visitor_name
    from conversations c where c.id in (select conversation_id from input) order by c.id for update
  ), allowed as (
    select i.*, l.last_seq, l.visitor_id, l.agent_id, l.visitor_name,
      row_number() over (partition by i.conversation_id, i.client_id order by i.ord) as nth_use
    from input i join locked l on l.id = i.conversation_id
    where (case when i.author = 'visitor' then l.visitor_id else l.agent_id end) = i.owner_id
      and l.status = any(string_to_array(i.statuses, ','))
      and not exists (select 1 from messages m where m.conversation_id = i.conversation_id and m.client_id = i.client_id)
  ), numbered as (
    select a.*, a.last_seq + row_number() over (partition by a.conversation_id order by a.ord) as seq
    from allowed a where nth_use = 1
  ), bumped as (
    update conversations c set last_seq = c.last_seq + n.k, last_activity_at = $11
    from (select conversation_id, count(*) as k from numbered group by conversation_id) n
    where c.id = n.conversation_id
  ), inserted as (
    insert into messages (id, conversation_id, seq, client_id, author, author_name, body, created_at, card, notice, note)
    select id, conversation_id, seq, client_id, author, coalesce(author_name, visitor_name), body, $11, null, null, note from numbered
  )
  select ord, seq, visitor_id, agent_id, visitor_name from numbered`;

function pgAppender(): ClientMessageAppender {
  prepareOnPostgres(PG_APPEND_MANY);
  return {
    async appendMany(db, ms) {
      const rows = ms.map((m) => newRow(m, 0, null));
      const column = <T>(pick: (m: NewClientMessage, row: InsertValues) => T) => ms.map((m, i) => pick(m, rows[i]!));
      // one clock reading per batch, as the writer takes it once per send within the same tick
      const now = ms[0]?.now ?? 0;
      const parameters = [
        ms.map((_, i) => i),
        column((m) => m.conversationId),
        column((m) => m.author.kind),
        column((m) => appendValues(m).ownerId),
        column((m) => m.whileStatus.join(',')),
        column((m) => m.clientId),
        column((_, r) => r.id),
        column((_, r) => r.author_name),
        column((m) => m.body),
        column((_, r) => r.note),
        now,
      ];
      const { rows: answers } = await db.executeQuery<BatchAnswer>(CompiledQuery.raw(PG_APPEND_MANY, parameters));
      const results: ClientAppend[] = ms.map(() => ({ kind: 'refused' }));
      for (const a of answers) {
        const row = rows[a.ord]!;
        results[a.ord] = {
          kind: 'stored',
          row: { ...row, seq: Number(a.seq), author_name: row.author_name ?? a.visitor_name, created_at: now, card: null, notice: null },
          conversation: { visitor_id: a.visitor_id, agent_id: a.agent_id },
        };
      }
      return results;
    },
  };
}

const BEGIN: Statement<never> = { sql: 'begin', parameters: [] };
const COMMIT: Statement<never> = { sql: 'commit', parameters: [] };
const ROLLBACK: Statement<never> = { sql: 'rollback', parameters: [] };

/**
 * SQLite: the batch in one transaction run on the file itself (db/sqlite.ts), two statements per send,
 * compiled once per shape (db/precompiled.ts). node:sqlite answers synchronously, so BEGIN, every send
 * and COMMIT run in one turn of the event loop, while this holds Kysely's connection (so no Kysely
 * transaction is open around it); through Kysely each statement cost more than SQLite's own work
 * (docs/BENCHMARKS.md). Then it waits for the log's sync: what it answers is on disk. Any failed
 * statement undoes the whole batch.
 *
 * The UPDATE takes the next seq only if the conversation exists, belongs to the author, is writable
 * and has no message with this client id yet, and returns whom to tell and the visitor's name. The
 * INSERT then cannot meet another seq. ON CONFLICT DO NOTHING and the give-back below guard against a
 * writer that does not hold the database alone (`raced`); SQLite's single writer never reaches them.
 */
function sqliteAppender(root: Db, file: SqliteFile): ClientMessageAppender {
  const bumpAsVisitor = compiledOnce(root, (v: BumpValues) => `${v.whileStatus.length}`, (db, v) => bumpQuery(db, 'visitor_id', v));
  const bumpAsAgent = compiledOnce(root, (v: BumpValues) => `${v.whileStatus.length}`, (db, v) => bumpQuery(db, 'agent_id', v));
  const insert = compiledOnce(root, () => '', insertQuery);
  const giveBack = compiledOnce(root, () => '', (db, v: { conversationId: string }) =>
    db
      .updateTable('conversations')
      .set((eb) => ({ last_seq: eb('last_seq', '-', 1) }))
      .where('id', '=', v.conversationId),
  );
  const rowsOf = <R>(statement: Statement<R>) => file.prepare(statement.sql).all(statement.parameters) as R[];
  const run = (statement: Statement<unknown>) => void file.prepare(statement.sql).run(statement.parameters);

  function appendOne(m: NewClientMessage): ClientAppend {
    const [bumped] = rowsOf((m.author.kind === 'visitor' ? bumpAsVisitor : bumpAsAgent)(appendValues(m)));
    if (!bumped) return { kind: 'refused' };
    const row = newRow(m, bumped.last_seq, bumped.visitor_name ?? null);
    const [inserted] = rowsOf(insert(row));
    if (!inserted) {
      run(giveBack({ conversationId: m.conversationId }));
      return { kind: 'raced' };
    }
    return { kind: 'stored', row: { ...row, card: null, notice: null }, conversation: { visitor_id: bumped.visitor_id, agent_id: bumped.agent_id } };
  }

  return {
    // the batch runs on `root`'s file, so it holds `root`'s connection, whatever database it is handed
    async appendMany(_db, ms) {
      const appended = await root.connection().execute(async () => {
        run(BEGIN);
        try {
          const results = ms.map(appendOne);
          run(COMMIT);
          return results;
        } catch (error) {
          // SQLite may have undone the transaction itself (a full disk, say); then there is nothing to roll back
          try {
            run(ROLLBACK);
          } catch {
            // no transaction was open any more
          }
          throw error;
        }
      });
      await file.durable();
      return appended;
    },
  };
}

/**
 * The hot path of a client's message: take the conversation's next seq if the author may write there
 * and this client id is new, store the message with it, and return whom to tell. A refusal says
 * nothing about why: the caller reads the conversation to find out, off the hot path. On PostgreSQL
 * the row lock on the conversation orders concurrent sends across processes.
 */
export function clientMessageAppender(root: Db): ClientMessageAppender {
  if (root.getExecutor().adapter instanceof PostgresAdapter) return pgAppender();
  const file = sqliteFileOf(root);
  if (!file) throw new Error('clientMessageAppender: a SQLite database must be opened through db/connect.ts');
  return sqliteAppender(root, file);
}

/** A message the server writes itself; its client id cannot collide with a client's. */
export function appendSystemMessage(trx: Db, conversationId: string, body: string, now: number, notice?: MessageNotice) {
  return appendMessage(trx, {
    conversationId,
    clientId: `system.${randomUUID()}`,
    author: 'system',
    authorName: null,
    body,
    now,
    ...(notice ? { notice } : {}),
  });
}

export function findMessageByClientId(db: Db, conversationId: string, clientId: string) {
  return db
    .selectFrom('messages')
    .selectAll()
    .where('conversation_id', '=', conversationId)
    .where('client_id', '=', clientId)
    .executeTakeFirst();
}

/** Who reads: an agent reads internal notes, a visitor never does. */
export type MessageReader = 'agent' | 'visitor';

/** Messages after each cursor, in (conversation, seq) order; for a visitor without internal notes. */
export async function listMessagesAfter(db: Db, cursors: ReadonlyMap<string, number>, reader: MessageReader): Promise<MessageRow[]> {
  if (cursors.size === 0) return [];
  let query = db
    .selectFrom('messages')
    .selectAll()
    .where((eb) =>
      eb.or([...cursors].map(([id, after]) => eb.and([eb('conversation_id', '=', id), eb('seq', '>', after)]))),
    );
  if (reader === 'visitor') query = query.where('note', '=', 0);
  return query
    .orderBy('conversation_id')
    .orderBy('seq')
    .execute();
}
