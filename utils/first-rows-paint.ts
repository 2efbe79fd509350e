/**
 * The side panel's first rows, drawn by a plain script before the app's JavaScript (Vue, Dexie, the
 * texts) has been parsed: the same markup and classes as InboxConversationRow inside
 * InboxConversationList, so that the app, mounting on `#app`, replaces them without a visible change.
 * Nothing here may import a library: it is bundled into the few kilobytes that script is.
 */
import type { ConversationSummary } from '../stores/conversations.ts';
import type { FirstRowsPlace, FirstRowsSnapshot } from './first-rows.ts';
import { unreadCount } from './unread.ts';

/** Marks the painted list, which is no part of the app and gone once it mounts. */
export const FIRST_ROWS_ATTRIBUTE = 'data-first-rows';

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

/** The snapshot comes from storage a build of any age wrote: every field painted is checked first. */
function isRow(value: unknown): value is ConversationSummary {
  if (!isObject(value) || !isObject(value.conversation) || !(value.lastMessage === null || isObject(value.lastMessage))) return false;
  const c = value.conversation;
  return (
    typeof c.id === 'string' &&
    typeof c.status === 'string' &&
    Number.isFinite(c.updatedAt) &&
    Number.isFinite(c.lastSeq) &&
    isObject(c.visitor) &&
    (typeof c.visitor.name === 'string' || c.visitor.name === null) &&
    (c.tags === undefined || (Array.isArray(c.tags) && c.tags.every((tag) => isObject(tag) && typeof tag.name === 'string'))) &&
    (c.rating === undefined || c.rating === null || (isObject(c.rating) && Number.isFinite(c.rating.score))) &&
    (value.lastMessage === null || typeof value.lastMessage.body === 'string')
  );
}

function element<K extends keyof HTMLElementTagNameMap>(doc: Document, tag: K, className: string, text?: string): HTMLElementTagNameMap[K] {
  const node = doc.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function paintRow(doc: Document, { conversation, lastMessage }: ConversationSummary): HTMLLIElement {
  const item = element(doc, 'button', 'conversation-row');
  item.type = 'button';
  item.dataset.testid = 'conversation-item';
  item.dataset.conversationId = conversation.id;
  item.dataset.status = conversation.status;

  const top = element(doc, 'span', 'line');
  // A visitor without a name, a card's title and a line the service wrote are worded from the
  // translation tables, which this script does not carry: they appear when the app mounts.
  top.append(element(doc, 'span', 'name', conversation.visitor.name ?? ''));
  // the app, too, fills in times a frame after the first rows (composables/useDateFormat.ts)
  const when = element(doc, 'time', 'when');
  when.dateTime = new Date(conversation.updatedAt).toISOString();
  top.append(when);

  const bottom = element(doc, 'span', 'line');
  const plain = lastMessage && !lastMessage.card && !lastMessage.notice;
  bottom.append(element(doc, 'span', 'preview', plain ? lastMessage.body : ''));
  for (const tag of (conversation.tags ?? []).slice(0, 3)) {
    const chip = element(doc, 'span', 'tag', tag.name);
    chip.dataset.testid = 'row-tag';
    bottom.append(chip);
  }
  if (conversation.rating) bottom.append(element(doc, 'span', 'stars', `★${conversation.rating.score}`));
  const unread = unreadCount(conversation);
  if (unread) {
    const badge = element(doc, 'span', 'unread', String(unread));
    badge.dataset.testid = 'unread-count';
    bottom.append(badge);
  }

  item.append(top, bottom);
  const li = doc.createElement('li');
  li.append(item);
  return li;
}

/**
 * Paints the snapshot's rows into the app's still empty container when they belong to the agent signed
 * in; returns whether it did. Another agent's rows, a snapshot that does not read right, or a container
 * the app has already mounted on: nothing.
 */
export function paintFirstRows(
  app: Element,
  snapshot: FirstRowsSnapshot<unknown> | null,
  agentId: string | null,
  place: FirstRowsPlace | null = null,
): boolean {
  if (!snapshot || agentId === null || snapshot.agentId !== agentId || !snapshot.rows.length) return false;
  if (app.hasChildNodes() || app.hasAttribute('data-v-app')) return false;
  if (!snapshot.rows.every(isRow)) return false;
  const doc = app.ownerDocument;
  const list = element(doc, 'ul', 'conversation-rows');
  list.setAttribute(FIRST_ROWS_ATTRIBUTE, '');
  // a sight, not yet a control: unfocusable and out of the accessibility tree until the app's rows come
  list.inert = true;
  list.append(...snapshot.rows.map((row) => paintRow(doc, row)));
  // where the app showed them last time, below the header and filters it draws and this does not
  if (place) {
    list.style.marginTop = `${place.top}px`;
    list.style.marginLeft = `${place.left}px`;
    list.style.width = `${place.width}px`;
  }
  app.append(list);
  return true;
}
