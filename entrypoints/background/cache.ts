/**
 * Writes of server facts into the Dexie cache. Only the background calls these; every batch is one
 * transaction, so the side panel never sees half of a snapshot.
 */
import type { AgentSnapshot, ConversationDTO, MessageDTO } from '../../protocol/dto.ts';
import { db, messageRange, type StoredConversation } from '../../utils/db.ts';

/** The server accepts at most this many cursors in one sync:pull. */
const MAX_CURSORS = 500;

/** Highest message seq stored for a conversation (0 when none). */
export async function localLastSeq(conversationId: string): Promise<number> {
  const last = await messageRange(db, conversationId).last();
  return last?.seq ?? 0;
}

/**
 * What to ask the server about on sync: every conversation still open here (the most recently active
 * first), with the highest seq we hold. Ended ones are final and need no catch-up.
 */
export async function readCursors(): Promise<Record<string, number>> {
  const open = await db.conversations
    .orderBy('updatedAt')
    .reverse()
    .filter((c) => c.status === 'active' || c.status === 'waiting')
    .limit(MAX_CURSORS)
    .toArray();
  const cursors: Record<string, number> = {};
  for (const conversation of open) cursors[conversation.id] = await localLastSeq(conversation.id);
  return cursors;
}

export function upsertConversations(conversations: ConversationDTO[]): Promise<void> {
  return db.transaction('rw', db.conversations, async () => {
    const existing = await db.conversations.bulkGet(conversations.map((c) => c.id));
    const rows: StoredConversation[] = conversations.map((c, i) => ({
      ...c,
      updatedAt: Math.max(existing[i]?.updatedAt ?? 0, c.createdAt, c.endedAt ?? 0),
      ...(existing[i]?.readSeq !== undefined ? { readSeq: existing[i].readSeq } : {}),
    }));
    await db.conversations.bulkPut(rows);
  });
}

/** Stores messages, moves their conversations' activity time, and retires the outbox items they answer. */
export function putMessages(messages: MessageDTO[]): Promise<void> {
  return db.transaction('rw', [db.messages, db.conversations, db.outbox], async () => {
    await db.messages.bulkPut(messages);
    // The outbox holds a handful of unacknowledged items: delete only those a message answers, not one
    // key per incoming message (a burst of 1,000 would double the transaction's work).
    const waiting = new Set(await db.outbox.toCollection().primaryKeys());
    const answered = messages.map((m) => m.clientId).filter((id) => waiting.has(id));
    if (answered.length) await db.outbox.bulkDelete(answered);
    const newest = new Map<string, MessageDTO>();
    // what the agent wrote, the agent has read: their own message moves the read mark
    const ownNewest = new Map<string, number>();
    for (const m of messages) {
      const seen = newest.get(m.conversationId);
      if (!seen || m.seq > seen.seq) newest.set(m.conversationId, m);
      if (m.author === 'agent') ownNewest.set(m.conversationId, Math.max(ownNewest.get(m.conversationId) ?? 0, m.seq));
    }
    for (const m of newest.values()) {
      await db.conversations.where('id').equals(m.conversationId).modify((c) => {
        c.updatedAt = Math.max(c.updatedAt, m.createdAt);
        c.lastSeq = Math.max(c.lastSeq, m.seq);
        const own = ownNewest.get(m.conversationId);
        if (own !== undefined) c.readSeq = Math.max(c.readSeq ?? 0, own);
      });
    }
  });
}

/**
 * Makes the cache exact again after a sync:pull. Offers are replaced (the snapshot lists all pending
 * ones); conversations we asked about that the server no longer shows us are dropped.
 */
export function applySnapshot(snapshot: AgentSnapshot, askedAbout: string[]): Promise<void> {
  return db.transaction('rw', [db.offers, db.conversations, db.messages, db.outbox], async () => {
    await db.offers.clear();
    await db.offers.bulkPut(snapshot.offers);
    const returned = new Set(snapshot.conversations.map((c) => c.id));
    for (const id of askedAbout.filter((id) => !returned.has(id))) {
      await db.conversations.delete(id);
      await messageRange(db, id).delete();
    }
    await upsertConversations(snapshot.conversations);
    await putMessages(snapshot.messages);
  });
}

/** How long past conversations stay in the cache (SPEC R11's window). */
export const RETENTION_MS = 90 * 24 * 60 * 60 * 1000;

/** Drops past conversations (and their messages) older than the retention window, in one transaction. */
export function pruneCache(now = Date.now()): Promise<number> {
  return db.transaction('rw', [db.conversations, db.messages], async () => {
    const old = await db.conversations
      .where('updatedAt')
      .below(now - RETENTION_MS)
      .filter((c) => c.status === 'ended' || c.status === 'missed')
      .primaryKeys();
    for (const id of old) await messageRange(db, id).delete();
    await db.conversations.bulkDelete(old);
    return old.length;
  });
}

/** Empties every table: the cache belongs to one agent on one server. */
export function wipeCache(): Promise<void> {
  return db.transaction('rw', db.tables, async () => {
    await Promise.all(db.tables.map((table) => table.clear()));
  });
}

export interface CacheOwner {
  agentId: string;
  serverUrl: string;
}

export async function readCacheOwner(): Promise<CacheOwner | null> {
  const entry = await db.meta.get('owner');
  return (entry?.value as CacheOwner | undefined) ?? null;
}

export async function writeCacheOwner(owner: CacheOwner): Promise<void> {
  await db.meta.put({ key: 'owner', value: owner });
}
