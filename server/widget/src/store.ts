/**
 * The widget's chat state: the current conversation, its messages in sequence order, the outbox of
 * messages the visitor wrote that the server has not acknowledged yet, and the text still being typed.
 * Outbox and draft live in storage (one key each per conversation), and so does whether the panel was
 * open, so a reload loses nothing; the server is idempotent on clientId, so re-sending is always safe.
 */
import type { ErrorCode } from '../../../protocol/ack.ts';
import type { MessageAuthor, MessageDTO, VisitorConversationDTO } from '../../../protocol/dto.ts';
import type { MessageCard } from '../../../protocol/meetings.ts';
import type { MessageNotice } from '../../../protocol/notices.ts';
import type { KeyValueStore } from './storage.ts';

export const TOKEN_KEY = 'switchboard:visitor';
export const OUTBOX_PREFIX = 'switchboard:outbox:';
export const DRAFT_PREFIX = 'switchboard:draft:';
export const PANEL_KEY = 'switchboard:panel';

export interface OutboxItem {
  clientId: string;
  conversationId: string;
  body: string;
  createdAt: number;
}

/** One line of the message list as the view shows it. */
export interface ChatLine {
  key: string;
  author: MessageAuthor;
  authorName: string | null;
  body: string;
  pending: boolean;
  failed: boolean;
  /** structured content (a shared calendar, a meeting) that the view shows as a card */
  card?: MessageCard;
  /** a line the service wrote, worded in the visitor's language instead of the English body */
  notice?: MessageNotice;
  /** the server's sequence number, once stored */
  seq?: number;
}

/** 'gap': the message was kept, but earlier ones are missing, so the caller should pull. */
export type ApplyResult = 'added' | 'duplicate' | 'gap';

export interface ChatStoreDeps {
  newId: () => string;
  now: () => number;
}

export type ChatStore = ReturnType<typeof createChatStore>;

export function createChatStore(kv: KeyValueStore, deps: ChatStoreDeps) {
  let conversationId: string | null = null;
  let conversation: VisitorConversationDTO | null = null;
  let bySeq = new Map<number, MessageDTO>();
  let knownClientIds = new Set<string>();
  let contiguousSeq = 0;
  let outbox: OutboxItem[] = [];
  let failed: { item: OutboxItem; error: ErrorCode }[] = [];

  const outboxKey = (id: string) => OUTBOX_PREFIX + id;

  function saveOutbox(): void {
    if (!conversationId) return;
    if (outbox.length === 0) kv.remove(outboxKey(conversationId));
    else kv.set(outboxKey(conversationId), JSON.stringify(outbox));
  }

  function loadOutbox(id: string): OutboxItem[] {
    const raw = kv.get(outboxKey(id));
    if (!raw) return [];
    try {
      const parsed: unknown = JSON.parse(raw);
      return Array.isArray(parsed) ? parsed.filter(isOutboxItem).filter((i) => i.conversationId === id) : [];
    } catch {
      return [];
    }
  }

  /** Switch to a conversation (or to none): forget the old one's messages, load the new one's outbox. */
  function open(id: string | null): void {
    conversationId = id;
    conversation = null;
    bySeq = new Map();
    knownClientIds = new Set();
    contiguousSeq = 0;
    failed = [];
    outbox = id ? loadOutbox(id) : [];
  }

  function removeFromOutbox(clientId: string): void {
    if (!outbox.some((i) => i.clientId === clientId)) return;
    outbox = outbox.filter((i) => i.clientId !== clientId);
    saveOutbox();
  }

  /** Adds a server message; one the visitor sent (same clientId) also leaves the outbox. */
  function applyMessage(message: MessageDTO): ApplyResult {
    if (message.conversationId !== conversationId) return 'duplicate';
    if (bySeq.has(message.seq) || knownClientIds.has(message.clientId)) return 'duplicate';
    const gap = message.seq > contiguousSeq + 1;
    bySeq.set(message.seq, message);
    knownClientIds.add(message.clientId);
    while (bySeq.has(contiguousSeq + 1)) contiguousSeq++;
    removeFromOutbox(message.clientId);
    return gap ? 'gap' : 'added';
  }

  return {
    getToken: (): string | null => kv.get(TOKEN_KEY),
    setToken: (token: string): void => kv.set(TOKEN_KEY, token),

    get conversationId() {
      return conversationId;
    },
    get conversation() {
      return conversation;
    },
    open,

    setConversation(next: VisitorConversationDTO): void {
      if (next.id !== conversationId) open(next.id);
      conversation = next;
    },

    /** Outboxes and drafts of other conversations can never be sent (the session moved on); free their space. */
    dropOtherConversations(): void {
      const kept = [outboxKey(conversationId ?? ''), DRAFT_PREFIX + (conversationId ?? '')];
      for (const key of kv.keys()) {
        if ((key.startsWith(OUTBOX_PREFIX) || key.startsWith(DRAFT_PREFIX)) && !kept.includes(key)) kv.remove(key);
      }
    },

    /** What the visitor has typed in the current conversation and not sent yet. */
    draft: (): string => (conversationId ? (kv.get(DRAFT_PREFIX + conversationId) ?? '') : ''),
    setDraft(text: string): void {
      if (!conversationId) return;
      if (text) kv.set(DRAFT_PREFIX + conversationId, text);
      else kv.remove(DRAFT_PREFIX + conversationId);
    },

    panelOpen: (): boolean => kv.get(PANEL_KEY) === 'open',
    setPanelOpen(open: boolean): void {
      if (open) kv.set(PANEL_KEY, 'open');
      else kv.remove(PANEL_KEY);
    },

    applyMessage,

    /** The server stored the outbox item `clientId` as `message`. */
    acknowledge(clientId: string, message: MessageDTO): ApplyResult {
      removeFromOutbox(clientId);
      return applyMessage(message);
    },

    /** The highest seq up to which nothing is missing: what a catch-up pull asks after. */
    afterSeq: (): number => contiguousSeq,

    /**
     * A catch-up answered everything up to `seq`: the seqs it did not carry are lines the visitor never
     * gets (an agent's internal notes), not holes to ask for again.
     */
    completeThrough(seq: number): void {
      contiguousSeq = Math.max(contiguousSeq, seq);
      while (bySeq.has(contiguousSeq + 1)) contiguousSeq++;
    },

    enqueue(body: string): OutboxItem {
      if (!conversationId) throw new Error('no conversation to send to');
      const item: OutboxItem = { clientId: deps.newId(), conversationId, body, createdAt: deps.now() };
      outbox = [...outbox, item];
      saveOutbox();
      return item;
    },

    /** The unacknowledged messages of the current conversation, oldest first. */
    pending: (): readonly OutboxItem[] => outbox,

    /** The server refused the message for good: stop re-sending it but keep showing it. */
    markFailed(clientId: string, error: ErrorCode): void {
      const item = outbox.find((i) => i.clientId === clientId);
      if (!item) return;
      outbox = outbox.filter((i) => i.clientId !== clientId);
      failed = [...failed, { item, error }];
      saveOutbox();
    },

    lines(): ChatLine[] {
      const confirmed = [...bySeq.values()]
        .sort((a, b) => a.seq - b.seq)
        .map((m) => ({
          key: m.clientId,
          author: m.author,
          authorName: m.authorName,
          body: m.body,
          pending: false,
          failed: false,
          seq: m.seq,
          ...(m.card ? { card: m.card } : {}),
          ...(m.notice ? { notice: m.notice } : {}),
        }));
      const unsent = [
        ...failed.map((f) => ({ item: f.item, failed: true })),
        ...outbox.map((item) => ({ item, failed: false })),
      ]
        .sort((a, b) => a.item.createdAt - b.item.createdAt)
        .map(({ item, failed: isFailed }) => ({
          key: item.clientId,
          author: 'visitor' as const,
          authorName: null,
          body: item.body,
          pending: !isFailed,
          failed: isFailed,
        }));
      return [...confirmed, ...unsent];
    },
  };
}

function isOutboxItem(value: unknown): value is OutboxItem {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.clientId === 'string' &&
    typeof v.conversationId === 'string' &&
    typeof v.body === 'string' &&
    typeof v.createdAt === 'number'
  );
}
