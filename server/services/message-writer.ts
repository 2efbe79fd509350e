/**
 * Group commit for chat messages (DESIGN.md, Storage): sends that arrive within a few milliseconds
 * share ONE transaction, processed in arrival order, and each sender's promise settles only after
 * that transaction committed, so the handler acks (and emits) only durable messages.
 *
 * Each send keeps its own checks and its own result. The hot path is two statements per send
 * (db/messages.ts clientMessageAppender: a guarded UPDATE that takes the seq, then the INSERT); when the
 * guard matches nothing, a read finds out why, in the order sendMessage checks it: not found or
 * forbidden (authorize), a repeated client id (answered with the stored message, announced once),
 * else conversation_ended. Those are CommandErrors that fail that send alone. A database error
 * (a deadlock retried too often, a value the database refuses) aborts the shared transaction; then
 * every send of that batch is retried in a transaction of its own, so one bad send still cannot
 * fail the others.
 *
 * Batching: a batch is flushed when it holds `maxBatch` sends, or `windowMs` after its first send.
 * One batch commits at a time; sends arriving meanwhile gather into the next one, which is flushed
 * as soon as the previous commit ends (if its window has not already elapsed). Batches run one
 * after another, so per-conversation seq order follows arrival order. The default window is 0: the
 * batch goes in the event loop's check phase (setImmediate), right after the I/O round that read its
 * sends. A timed window would only add its length to every ack at low load; under load the commit
 * itself is the window (what arrives while one batch commits, and while node:sqlite holds the
 * event loop, forms the next). The timer comes from an injectable scheduler, so tests can fire it
 * by hand; the FakeClock governs stored times, not batching.
 */
import { CommandError } from '../../protocol/ack.ts';
import type { MessageDTO } from '../../protocol/dto.ts';
import type { MessageSendInput } from '../../protocol/schemas.ts';
import { findConversation } from '../db/conversations.ts';
import { clientMessageAppender, findMessageByClientId, toMessageDTO, type ClientAppend, type NewClientMessage } from '../db/messages.ts';
import type { Db } from '../db/schema.ts';
import { inTransaction } from '../db/tx.ts';
import { authorize, repeatOf, sendMessage, WRITABLE, type Actor } from './conversations.ts';
import type { ServiceDeps } from './deps.ts';
import { offerUpdatesFor } from './offer-updates.ts';
import { announceMessage, type Outcome } from './outcome.ts';

/** All a writer needs; narrower than ServiceDeps so that it can be built without an app. */
export type WriterDeps = Pick<ServiceDeps, 'db' | 'clock'>;

export interface Scheduler {
  /** runs `fn` after `ms`; returns a cancel function */
  schedule(fn: () => void, ms: number): () => void;
}

export const realScheduler: Scheduler = {
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
  windowMs?: number;
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
  actor: Actor;
  input: MessageSendInput;
  note: boolean;
  resolve(outcome: Outcome<MessageDTO>): void;
  reject(error: unknown): void;
}

type Settled = { ok: true; outcome: Outcome<MessageDTO> } | { ok: false; error: CommandError };

type Append = (trx: Db, m: NewClientMessage) => Promise<ClientAppend>;

/** One send inside the shared transaction; a CommandError is its own result, anything else aborts the batch. */
async function writeOne(trx: Db, deps: WriterDeps, append: Append, item: Omit<Pending, 'resolve' | 'reject'>): Promise<Settled> {
  const { actor, input, note } = item;
  try {
    const appended = await append(trx, {
      conversationId: input.conversationId,
      clientId: input.clientId,
      author: actor.kind === 'visitor' ? actor : { kind: 'agent', agentId: actor.agent.id, name: actor.agent.name },
      body: input.body,
      now: deps.clock.now(),
      whileStatus: WRITABLE[actor.kind],
      note,
    });
    if (appended.kind === 'stored') {
      const message = toMessageDTO(appended.row);
      const events = announceMessage(appended.conversation, message);
      if (appended.conversation.agent_id === null) events.push(...(await offerUpdatesFor(trx, message)));
      return { ok: true, outcome: { result: message, events } };
    }
    // off the hot path: why nothing was written, in the order sendMessage checks it
    const conversation = authorize(actor, await findConversation(trx, input.conversationId));
    // idempotent on (conversation, client id), also for a repeat earlier in the same batch
    const stored = await findMessageByClientId(trx, conversation.id, input.clientId);
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

/** A send on its own transaction, after its batch failed; settles only that send. */
async function writeAlone(deps: WriterDeps, append: Append, item: Pending): Promise<void> {
  try {
    const settled = await inTransaction(deps.db, (trx) => writeOne(trx, deps, append, item));
    if (settled.ok) item.resolve(settled.outcome);
    else item.reject(settled.error);
  } catch (error) {
    item.reject(error);
  }
}

export function createMessageWriter(deps: WriterDeps, options: MessageWriterOptions = {}): MessageWriter {
  const windowMs = options.windowMs ?? 0;
  const maxBatch = options.maxBatch ?? 256;
  const scheduler = options.scheduler ?? realScheduler;
  const append = clientMessageAppender(deps.db);
  let queue: Pending[] = [];
  let cancelTimer: (() => void) | null = null;
  let committing: Promise<void> | null = null;
  let due = false;

  async function commit(batch: Pending[]): Promise<void> {
    let settled: Settled[];
    try {
      settled = await inTransaction(deps.db, async (trx) => {
        const results: Settled[] = [];
        for (const item of batch) results.push(await writeOne(trx, deps, append, item));
        return results;
      });
    } catch {
      // the shared transaction rolled back: each send on its own, in order, so only the bad one fails
      for (const item of batch) await writeAlone(deps, append, item);
      return;
    }
    options.onCommit?.(batch.length);
    batch.forEach((item, i) => {
      const s = settled[i]!;
      if (s.ok) item.resolve(s.outcome);
      else item.reject(s.error);
    });
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
        // sends that gathered during the commit: go now if full or their window passed
        if (queue.length >= maxBatch || due) kick();
        else if (queue.length > 0 && !cancelTimer) arm();
      });
  }

  function arm(): void {
    cancelTimer = scheduler.schedule(() => {
      cancelTimer = null;
      due = true;
      kick();
    }, windowMs);
  }

  return {
    send(actor, input, kind = {}) {
      return new Promise((resolve, reject) => {
        queue.push({ actor, input, note: actor.kind === 'agent' && kind.note === true, resolve, reject });
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
