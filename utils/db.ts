/**
 * The extension's IndexedDB cache. The background worker writes every server fact here; the side panel
 * only reads (with liveQuery), so the inbox appears at once and works offline.
 * Schema versions are append-only: add `db.version(n + 1)`, never edit a shipped one.
 */
import Dexie, { type EntityTable, type Table } from 'dexie';
import type { ConversationDTO, MessageDTO, OfferDTO } from '../protocol/dto.ts';
import type { CommandErrorCode } from './messaging.ts';

export interface StoredConversation extends ConversationDTO {
  /** last activity (creation, newest message, end), for ordering the list */
  updatedAt: number;
  /** the highest seq the agent has seen (opened the chat, or wrote in it); unread = lastSeq - readSeq */
  readSeq?: number;
}

/** Someone is typing in a conversation: kept only briefly, never sent anywhere. */
export interface TypingEntry {
  conversationId: string;
  author: 'visitor' | 'agent';
  typing: boolean;
  at: number;
}

export type StoredMessage = MessageDTO;
export type StoredOffer = OfferDTO;

/** An agent message that has no server ack yet. */
export interface OutboxItem {
  clientId: string;
  conversationId: string;
  body: string;
  createdAt: number;
  /** an internal note (note:add), never sent to the visitor */
  note?: true;
  /** the server refused it for good: kept so the agent sees what was not sent, until they discard it */
  failed?: CommandErrorCode;
}

export interface MetaEntry {
  key: string;
  value: unknown;
}

export type SwitchboardDb = Dexie & {
  conversations: EntityTable<StoredConversation, 'id'>;
  messages: Table<StoredMessage, [string, number]>;
  offers: EntityTable<StoredOffer, 'id'>;
  outbox: EntityTable<OutboxItem, 'clientId'>;
  meta: EntityTable<MetaEntry, 'key'>;
  typing: EntityTable<TypingEntry, 'conversationId'>;
};

export function openDb(name = 'switchboard'): SwitchboardDb {
  const db = new Dexie(name) as SwitchboardDb;
  db.version(1).stores({
    conversations: 'id, status, updatedAt',
    messages: '[conversationId+seq], clientId',
    offers: 'id, expiresAt',
    outbox: 'clientId, conversationId, createdAt',
    meta: 'key',
  });
  // 2: the visitor index finds a visitor's cached chats; typing holds the other side's typing state.
  db.version(2).stores({
    conversations: 'id, status, updatedAt, visitor.id',
    typing: 'conversationId',
  });
  // 3: messages lose the clientId index nothing reads: every stored message wrote an entry in it, and a
  // burst of incoming messages is as fast as its puts
  db.version(3).stores({
    messages: '[conversationId+seq]',
  });
  return db;
}

export const db = openDb();

/** Bounds of one conversation's messages in the `[conversationId+seq]` primary key. */
export function messageRange(db: SwitchboardDb, conversationId: string) {
  return db.messages.where('[conversationId+seq]').between([conversationId, Dexie.minKey], [conversationId, Dexie.maxKey]);
}

/**
 * A conversation's messages up to `endSeq` (null: the newest), at most `size` of them, oldest first:
 * what a chat shows, so a long conversation costs a bounded read and a bounded DOM.
 */
export async function messageWindow(db: SwitchboardDb, conversationId: string, endSeq: number | null, size: number): Promise<StoredMessage[]> {
  const newestFirst = await db.messages
    .where('[conversationId+seq]')
    .between([conversationId, Dexie.minKey], [conversationId, endSeq ?? Dexie.maxKey], true, true)
    .reverse()
    .limit(size)
    .toArray();
  return newestFirst.reverse();
}
