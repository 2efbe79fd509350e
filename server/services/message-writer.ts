/**
 * Group commit for chat messages (DESIGN.md, Storage): sends that arrive within a few milliseconds
 * share ONE transaction, processed in arrival order, and each sender's promise settles only after
 * that transaction committed, so the handler acks (and emits) only durable messages.
 *
 * Each send keeps its own checks and its own result. The hot path (db/messages.ts
 * clientMessageAppender) is a guarded UPDATE that takes the seq and the INSERT: two statements per send
 * inside the batch's transaction on SQLite, one statement for the whole batch on PostgreSQL (atomic by
 * itself, so no BEGIN or COMMIT). When a send was not written, a read finds out why, in the order
 * sendMessage checks it: not found or forbidden (authorize), a repeated client id (answered with the
 * stored message, announced once), else conversation_ended. Those are CommandErrors that fail that send
 * alone. A database error (a deadlock retried too often, a value the database refuses) undoes the whole
 * batch; then every send of it is written on its own, so one bad send still cannot fail the others.
 *
 * Batching: a batch is flushed when it holds `maxBatch` sends, or when its wait for company ends
 * (services/commit-pacing.ts): at a quiet time at once, in the event loop's check phase right after
 * the I/O round that read its sends; while sends arrive more often than every couple of milliseconds,
 * for as long as the next few sends take at that pace (at most 5 ms from its first send), so that one
 * commit's fixed price is shared. One batch commits at a time; sends arriving meanwhile gather into
 * the next one, which goes as soon as the previous commit ends if its wait is over by then (under
 * load the commit itself, which holds the event loop on SQLite, is the wait). Batches run one after
 * another, so per-conversation seq order follows arrival order. The timer and the clock the wait is
 * measured on come from an injectable scheduler, so tests fire batches by hand; the FakeClock governs
 * stored times, not batching.
 */
import { CommandError } from '../../protocol/ack.ts';
import type { MessageDTO } from '../../protocol/dto.ts';
import type { MessageSendInput } from '../../protocol/schemas.ts';
import { findConversation } from '../db/conversations.ts';
import {
  clientMessageAppender,
  findMessageByClientId,
  toMessageDTO,
  type ClientAppend,
  type ClientMessageAppender,
  type NewClientMessage,
} from '../db/messages.ts';
import type { Db } from '../db/schema.ts';
import { isUniqueViolation } from '../db/tx.ts';
import { authorize, repeatOf, sendMessage, WRITABLE, type Actor } from './conversations.ts';
import type { ServiceDeps } from './deps.ts';
import { createCommitPacing, type CommitPacingOptions } from './commit-pacing.ts';
import { offerUpdatesFor } from './offer-updates.ts';
import { announceMessage, type Outcome } from './outcome.ts';

/** All a writer needs; narrower than ServiceDeps so that it can be built without an app. */
export type WriterDeps = Pick<ServiceDeps, 'db' | 'clock'>;

export interface Scheduler {
  /** runs `fn` after `ms`; returns a cancel function */
  schedule(fn: () => void, ms: number): () => void;
  /** a monotonic clock, in ms: when sends arrived, for the wait for company */
  now(): number;
}

export const realScheduler: Scheduler = {
  now: () => performance.now(),
  schedule(fn, ms) {
    if (ms <= 0) {
      const immediate = setImmediate(fn);
      return () => clearImmediate(immediate);
    }
    const timer = setTimeout(fn, ms);
    return () => clearTimeout(timer);
  },
};

export interface MessageWriterOptions {
  /** how long a batch waits for more sends under load (services/commit-pacing.ts) */
  pacing?: CommitPacingOptions;
  maxBatch?: number;
  scheduler?: Scheduler;
  /** called after each shared transaction committed, with the number of sends in it (for tests and metrics) */
  onCommit?: (size: number) => void;
}

/** What kind of message a send stores: a chat message, or an agent's internal note (never told to the visitor). */
export interface SendKind {
  note?: boolean;
}

export interface MessageWriter {
  send(actor: Actor, input: MessageSendInput, kind?: SendKind): Promise<Outcome<MessageDTO>>;
  /** commits whatever is pending; later sends still work */
  flush(): Promise<void>;
}

interface Pending {
  /** when the send reached the writer, on the scheduler's clock */
  arrivedAt: number;
  actor: Actor;
  input: MessageSendInput;
  note: boolean;
  resolve(outcome: Outcome<MessageDTO>): void;
  reject(error: unknown): void;
}

type Settled = { ok: true; outcome: Outcome<MessageDTO> } | { ok: false; error: CommandError };

type Item = Omit<Pending, 'resolve' | 'reject' | 'arrivedAt'>;

function newClientMessage(item: Item, now: number): NewClientMessage {
  const { actor, input, note } = item;
  return {
    conversationId: input.conversationId,
    clientId: input.clientId,
    author: actor.kind === 'visitor' ? actor : { kind: 'agent', agentId: actor.agent.id, name: actor.agent.name },
    body: input.body,
    now,
    whileStatus: WRITABLE[actor.kind],
    note,
  };
}

/**
 * What one send's append comes to: the stored message and whom to tell; or, when nothing was written,
 * why, read off the hot path in the order sendMessage checks it. A CommandError is the send's own
 * result; anything else is thrown (inside a shared transaction it aborts the batch).
 */
async function settle(db: Db, item: Item, appended: ClientAppend): Promise<Settled> {
  const { actor, input, note } = item;
  try {
    if (appended.kind === 'stored') {
      const message = toMessageDTO(appended.row);
      const events = announceMessage(appended.conversation, message);
      if (appended.conversation.agent_id === null) events.push(...(await offerUpdatesFor(db, message)));
      return { ok: true, outcome: { result: message, events } };
    }
    const conversation = authorize(actor, await findConversation(db, input.conversationId));
    // idempotent on (conversation, client id), also for a repeat earlier in the same batch
    const stored = await findMessageByClientId(db, conversation.id, input.clientId);
    if (stored) {
      // a note and a chat message never share a client id: answering one with the other would mislead
      if (Boolean(stored.note) !== note) throw new CommandError('conflict');
      return { ok: true, outcome: repeatOf(actor, stored) };
    }
    throw new CommandError('conversation_ended');
  } catch (error) {
    if (error instanceof CommandError) return { ok: false, error };
    throw error;
  }
}

function settleAll(batch: readonly Pending[], settled: readonly Settled[]): void {
  batch.forEach((item, i) => {
    const s = settled[i]!;
    if (s.ok) item.resolve(s.outcome);
    else item.reject(s.error);
  });
}

/**
 * The batch stored at once (db/messages.ts: one transaction on SQLite, one statement on PostgreSQL),
 * on disk before it returns, then each send settled. If the batch fails, each send alone, so only the
 * bad one fails; a lone send that meets a client id committed elsewhere meanwhile (PostgreSQL) is
 * answered as the repeat it is.
 */
async function commitBatch(deps: WriterDeps, appender: ClientMessageAppender, batch: Pending[]): Promise<boolean> {
  let appended: ClientAppend[];
  try {
    appended = await appender.appendMany(deps.db, batch.map((item) => newClientMessage(item, deps.clock.now())));
  } catch (error) {
    if (batch.length > 1) {
      for (const item of batch) await commitBatch(deps, appender, [item]).catch((e: unknown) => item.reject(e));
      return false;
    }
    if (!isUniqueViolation(error)) throw error;
    appended = [{ kind: 'raced' }];
  }
  const settled: Settled[] = [];
  for (const [i, item] of batch.entries()) settled.push(await settle(deps.db, item, appended[i]!));
  settleAll(batch, settled);
  return true;
}

export function createMessageWriter(deps: WriterDeps, options: MessageWriterOptions = {}): MessageWriter {
  const pacing = createCommitPacing(options.pacing);
  const maxBatch = options.maxBatch ?? 256;
  const scheduler = options.scheduler ?? realScheduler;
  const appender = clientMessageAppender(deps.db);
  let queue: Pending[] = [];
  let cancelTimer: (() => void) | null = null;
  let committing: Promise<void> | null = null;
  let due = false;

  async function commit(batch: Pending[]): Promise<void> {
    const together = await commitBatch(deps, appender, batch);
    if (together) options.onCommit?.(batch.length);
  }

  function kick(): void {
    if (committing || queue.length === 0) return;
    due = false;
    cancelTimer?.();
    cancelTimer = null;
    const batch = queue.slice(0, maxBatch);
    queue = queue.slice(batch.length);
    committing = commit(batch)
      .catch((error: unknown) => batch.forEach((item) => item.reject(error)))
      .finally(() => {
        committing = null;
        // sends that gathered during the commit: go now if full or their wait is over
        if (queue.length >= maxBatch || due) kick();
        else if (queue.length > 0 && !cancelTimer) arm();
      });
  }

  function arm(): void {
    const wait = pacing.remainingWait(queue[0]!.arrivedAt, scheduler.now());
    cancelTimer = scheduler.schedule(() => {
      cancelTimer = null;
      due = true;
      kick();
    }, wait);
  }

  return {
    send(actor, input, kind = {}) {
      return new Promise((resolve, reject) => {
        const arrivedAt = scheduler.now();
        pacing.recordArrival(arrivedAt);
        queue.push({ arrivedAt, actor, input, note: actor.kind === 'agent' && kind.note === true, resolve, reject });
        if (queue.length >= maxBatch) kick();
        else if (queue.length === 1 && !cancelTimer && !committing) arm();
      });
    },
    async flush() {
      while (queue.length > 0 || committing) {
        if (!committing) kick();
        await committing;
      }
    },
  };
}

/** The handlers' entry point: through the group-commit writer when the app has one. */
export function queueMessage(deps: ServiceDeps, actor: Actor, input: MessageSendInput): Promise<Outcome<MessageDTO>> {
  return deps.messageWriter ? deps.messageWriter.send(actor, input) : sendMessage(deps, actor, input);
}

/** An agent's internal note goes through the same writer as messages: same seq order, same idempotency. */
export function queueNote(deps: ServiceDeps, actor: Extract<Actor, { kind: 'agent' }>, input: MessageSendInput): Promise<Outcome<MessageDTO>> {
  const writer = deps.messageWriter ?? createMessageWriter(deps);
  return writer.send(actor, input, { note: true });
}
