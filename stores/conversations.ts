/**
 * The agent's active conversations and the one open in the chat, read live from the cache. Messages
 * still in the outbox are listed after the stored ones, marked as pending.
 */
import { defineStore } from 'pinia';
import { computed, ref, watch } from 'vue';
import { useLiveQuery } from '../composables/useLiveQuery.ts';
import type { MessageDTO } from '../protocol/dto.ts';
import type { MessageCard } from '../protocol/meetings.ts';
import type { MessageNotice } from '../protocol/notices.ts';
import { db, messageRange, messageWindow, type StoredConversation } from '../utils/db.ts';
import { clearFirstRows, readFirstRows, writeFirstRows } from '../utils/first-rows.ts';
import { sendCommand } from '../utils/commands.ts';
import type { CommandErrorCode } from '../utils/messaging.ts';
import { runCommand } from './command.ts';
import { useSessionStore } from './session.ts';

export interface ConversationSummary {
  conversation: StoredConversation;
  lastMessage: MessageDTO | null;
}

export interface TimelineEntry {
  key: string;
  author: MessageDTO['author'];
  authorName: string | null;
  body: string;
  createdAt: number;
  /** still in the outbox, on its way */
  pending: boolean;
  /** the server refused it for good: why, in the error's code */
  failed: CommandErrorCode | null;
  /** a calendar or meeting card, shown instead of the plain body */
  card?: MessageCard;
  /** a line the service wrote, worded in the agent's language instead of the English body */
  notice?: MessageNotice;
  /** an internal note: agents only, never sent to the visitor */
  note?: true;
  /** the server's sequence number (stored messages only) */
  seq?: number;
}

/** A stored (acknowledged) message as the chat shows it. */
export function toTimelineEntry(m: MessageDTO): TimelineEntry {
  return {
    key: m.clientId,
    author: m.author,
    authorName: m.authorName,
    body: m.body,
    createdAt: m.createdAt,
    pending: false,
    failed: null,
    ...(m.card ? { card: m.card } : {}),
    ...(m.notice ? { notice: m.notice } : {}),
    ...(m.note ? { note: true as const } : {}),
    seq: m.seq,
  };
}

/**
 * How many stored messages the open chat renders: many screenfuls, yet a bounded DOM and a bounded
 * read for a chat of any length. Scrolling near either end moves the window by a step.
 */
export const MESSAGE_WINDOW = 150;
export const WINDOW_STEP = 50;

export const useConversationsStore = defineStore('conversations', () => {
  const session = useSessionStore();
  const selectedId = ref<string | null>(null);

  // One read transaction for the rows and their newest messages: one round trip, not one per row.
  const activeRows = useLiveQuery(() =>
    db.transaction('r', db.conversations, db.messages, async (): Promise<ConversationSummary[]> => {
      const rows = await db.conversations.where('status').equals('active').toArray();
      const last = await Promise.all(rows.map((c) => messageRange(db, c.id).last()));
      return rows.map((conversation, i) => ({ conversation, lastMessage: last[i] ?? null }));
    }),
  );

  /** Only this agent's own active chats; newest activity first. */
  const own = (rows: readonly ConversationSummary[]) =>
    rows.filter((row) => row.conversation.agentId === session.agent?.id).sort((a, b) => b.conversation.updatedAt - a.conversation.updatedAt);

  // Until Dexie answers, the rows kept from last time (for this same agent) stand in for them.
  const firstRows = computed(() => (session.agent ? readFirstRows<ConversationSummary>(session.agent.id) : null));
  const active = computed(() => (activeRows.value ? own(activeRows.value) : (firstRows.value ?? [])));
  const loaded = computed(() => activeRows.value !== undefined || firstRows.value !== null);

  watch([activeRows, () => session.agent?.id ?? null, () => session.loaded], ([rows, agentId, known]) => {
    if (!known) return;
    if (!agentId) clearFirstRows();
    else if (rows) writeFirstRows(agentId, own(rows));
  });

  const selected = useLiveQuery(
    async () => (selectedId.value ? ((await db.conversations.get(selectedId.value)) ?? null) : null),
    [selectedId],
  );
  /** the highest seq the chat shows; null follows the newest message */
  const windowEnd = ref<number | null>(null);
  const messages = useLiveQuery(
    () => (selectedId.value ? messageWindow(db, selectedId.value, windowEnd.value, MESSAGE_WINDOW) : []),
    [selectedId, windowEnd],
  );
  const following = computed(() => windowEnd.value === null);
  const hasOlder = computed(() => (messages.value?.[0]?.seq ?? 1) > 1);

  /** Moves the window a step back in time (the newest messages leave it). */
  function showOlder(): void {
    const shown = messages.value ?? [];
    if (!hasOlder.value || !shown.length) return;
    windowEnd.value = Math.max(Math.min(MESSAGE_WINDOW, shown.at(-1)!.seq), shown.at(-1)!.seq - WINDOW_STEP);
  }
  /** Moves the window a step forward; reaching the newest message, it follows new ones again. */
  function showNewer(): void {
    if (windowEnd.value === null) return;
    const next = windowEnd.value + WINDOW_STEP;
    windowEnd.value = next >= (selected.value?.lastSeq ?? 0) ? null : next;
  }
  function showLatest(): void {
    windowEnd.value = null;
  }
  function showOldest(): void {
    windowEnd.value = Math.min(MESSAGE_WINDOW, selected.value?.lastSeq ?? MESSAGE_WINDOW);
    if (windowEnd.value >= (selected.value?.lastSeq ?? 0)) windowEnd.value = null;
  }
  /** The whole conversation, for a transcript file. */
  async function allMessages(): Promise<MessageDTO[]> {
    return selectedId.value ? messageRange(db, selectedId.value).toArray() : [];
  }
  const outbox = useLiveQuery(
    () => (selectedId.value ? db.outbox.where('conversationId').equals(selectedId.value).sortBy('createdAt') : []),
    [selectedId],
  );

  const storedIds = computed(() => new Set((messages.value ?? []).map((m) => m.clientId)));
  const timeline = computed<TimelineEntry[]>(() => [
    ...(messages.value ?? []).map(toTimelineEntry),
    // An item the server acknowledged can linger for a moment in this separate query: skip it.
    // what is still on its way belongs after the newest message: shown only when the window is there
    ...(following.value ? (outbox.value ?? []) : []).filter((item) => !storedIds.value.has(item.clientId)).map((item) => ({
      key: item.clientId,
      author: 'agent' as const,
      authorName: session.agent?.name ?? null,
      body: item.body,
      createdAt: item.createdAt,
      pending: !item.failed,
      failed: item.failed ?? null,
      ...(item.note ? { note: true as const } : {}),
    })),
  ]);

  const transcriptError = ref(false);
  /** the message a search found, to show and point out once the chat opens; null: none */
  const focusSeq = ref<number | null>(null);

  /** Past conversations come from the server when first opened; the cache keeps them afterwards. */
  async function select(id: string | null): Promise<void> {
    selectedId.value = id;
    windowEnd.value = null;
    focusSeq.value = null;
    transcriptError.value = false;
    if (!id) return;
    const cached = await db.conversations.get(id);
    const have = (await messageRange(db, id).last())?.seq ?? 0;
    if (cached?.status === 'active' && have >= cached.lastSeq) return;
    const result = await sendCommand('openConversation', { conversationId: id }).catch(() => null);
    if (selectedId.value === id) transcriptError.value = !result?.ok && have === 0;
  }

  /** `note`: an internal note for colleagues, which the visitor never sees */
  async function send(body: string, note = false): Promise<boolean> {
    const conversationId = selectedId.value;
    if (!conversationId || !body.trim()) return false;
    return (await runCommand(() => sendCommand('sendMessage', { conversationId, body, ...(note ? { note } : {}) }))).ok;
  }

  /** Opens a chat with the window around one message (a search hit). */
  async function openAt(id: string, seq: number): Promise<void> {
    await select(id);
    // the message sits in the middle of the window, with the ones after it below
    const last = (await db.conversations.get(id))?.lastSeq ?? seq;
    const end = Math.min(last, seq + Math.floor(MESSAGE_WINDOW / 2));
    windowEnd.value = end >= last ? null : end;
    focusSeq.value = seq;
  }

  async function discard(clientId: string): Promise<void> {
    await runCommand(() => sendCommand('discardMessage', { clientId }));
  }

  return {
    selectedId,
    active,
    loaded,
    selected,
    timeline,
    transcriptError,
    messages,
    following,
    hasOlder,
    focusSeq,
    select,
    openAt,
    send,
    discard,
    showOlder,
    showNewer,
    showLatest,
    showOldest,
    allMessages,
  };
});
