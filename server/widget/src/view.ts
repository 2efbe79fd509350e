/**
 * The widget's DOM, inside an open shadow root so the page's CSS cannot reach in and ours cannot leak
 * out. The view holds no chat state: it renders a ViewState and reports what the visitor did.
 * Everything a person typed is set with textContent, never parsed as HTML.
 */
import type { ConversationStatus } from '../../../protocol/dto.ts';
import { noticeLine, type Translate } from './i18n.ts';
import type { ChatLine } from './store.ts';
import { applyStyles } from './styles.ts';

export const HOST_ID = 'switchboard-widget';

/**
 * connecting: no session yet; unavailable: the session call keeps failing; refused: the server does not
 * serve this page's origin, nothing shows; loading: a chat is being restored.
 */
export type Phase = 'connecting' | 'unavailable' | 'refused' | 'form' | 'loading' | 'chat';

export interface ViewState {
  phase: Phase;
  status: ConversationStatus | null;
  agentName: string | null;
  /** the chat's place in the queue while every agent is busy (1 = next), else null */
  queuePosition?: number | null;
  lines: ChatLine[];
  formError: { text: string; field: 'name' | 'email' | null } | null;
  starting: boolean;
  notice: string | null;
  /** the agent is typing right now */
  agentTyping?: boolean;
  /** the unsent text and whether the panel was open, put back when a chat is restored after a reload */
  draft?: string;
  panelOpen?: boolean;
  /** the ended chat's rating: asked for, on its way, or thanked for; null: none to show */
  rate?: 'ask' | 'sending' | 'thanks' | null;
  /** the visitor's line the agent has read up to ("Seen" under it) */
  seenKey?: string;
}

export interface ViewHandlers {
  start(input: { name: string; email: string }): void;
  /** Returns true when the text was taken (the input is cleared then). */
  send(body: string): boolean;
  end(): void;
  newChat(): void;
  /** the visitor rated the ended chat, 1–5 */
  rate?(score: number, comment: string): void;
  /** a key press in the message box (drives the visitor's typing indicator) */
  typing?(): void;
  /** the message box's text changed */
  draft?(text: string): void;
  /** the visitor opened or closed the panel */
  panel?(open: boolean): void;
}

export interface View {
  host: HTMLElement;
  root: ShadowRoot;
  render(state: ViewState): void;
  /** fills the chat form with what the host page said about the visitor, leaving typed values alone */
  prefill(values: { name?: string; email?: string }): void;
}

/** Nodes that replace the text of lines with a card (calendar, meeting), by line key; `ended`: the chat has ended. */
export type CardRenderer = (lines: ChatLine[], ended: boolean) => Map<string, Node>;

export function statusText(status: ConversationStatus, agentName: string | null, t: Translate, queuePosition: number | null = null): string {
  switch (status) {
    case 'waiting':
      return queuePosition ? t('statusQueued', { position: queuePosition }) : t('statusWaiting');
    case 'active':
      return agentName ? t('statusActive', { agent: agentName }) : t('statusActiveUnnamed');
    case 'missed':
      return t('statusMissed');
    case 'ended':
      return t('statusEnded');
  }
}

/** Enter sends; Shift+Enter is a newline; Enter that confirms an IME composition is not a send. */
export function isSendKey(event: Pick<KeyboardEvent, 'key' | 'shiftKey' | 'isComposing'>): boolean {
  return event.key === 'Enter' && !event.shiftKey && !event.isComposing;
}

type Attrs = Record<string, string | boolean>;

/** An element factory for one document; children are appended as nodes or text, never parsed as HTML. */
export function elementFactory(doc: Document) {
  return <K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, children: (Node | string)[] = []): HTMLElementTagNameMap[K] => {
    const node = doc.createElement(tag);
    for (const [name, value] of Object.entries(attrs)) {
      if (value === true) node.setAttribute(name, '');
      else if (value !== false) node.setAttribute(name, value);
    }
    node.append(...children);
    return node;
  };
}

export function createView(doc: Document, t: Translate, lang: string, handlers: ViewHandlers, cards?: CardRenderer): View {
  const h = elementFactory(doc);
  const host = h('div', { id: HOST_ID });
  const root = host.attachShadow({ mode: 'open' });
  applyStyles(root);

  const launcher = h('button', { type: 'button', class: 'launcher', 'data-testid': 'sb-launcher', 'aria-expanded': 'false', 'aria-controls': 'sb-panel' }, [t('launcherOpen')]);
  const status = h('p', { class: 'status', 'data-testid': 'sb-status', 'aria-live': 'polite' });
  const info = h('p', { class: 'info', 'aria-live': 'polite' });

  const name = h('input', { id: 'sb-name', 'data-testid': 'sb-name', type: 'text', autocomplete: 'name', required: true });
  const email = h('input', { id: 'sb-email', 'data-testid': 'sb-email', type: 'email', autocomplete: 'email', required: true });
  const formError = h('p', { id: 'sb-form-error', class: 'error', 'data-testid': 'sb-form-error', role: 'alert', hidden: true });
  const startButton = h('button', { type: 'submit', class: 'button', 'data-testid': 'sb-start' }, [t('start')]);
  const form = h('form', { class: 'form', novalidate: true }, [
    h('p', {}, [t('intro')]),
    h('label', { for: 'sb-name' }, [t('nameLabel')]),
    name,
    h('label', { for: 'sb-email' }, [t('emailLabel')]),
    email,
    formError,
    startButton,
  ]);

  // role="log" would replace a list's own role and orphan its items, so the log region wraps the list
  const messages = h('ol', { class: 'messages' });
  // it scrolls on its own (more so with the rating form under it): focusable, so the keyboard can scroll it too
  const log = h('div', { class: 'log', 'data-testid': 'sb-messages', role: 'log', 'aria-live': 'polite', 'aria-label': t('messagesLabel'), tabindex: '0' }, [messages]);
  const notice = h('p', { class: 'notice', 'data-testid': 'sb-notice', role: 'status', hidden: true });
  const typingLine = h('p', { class: 'typing', 'data-testid': 'sb-typing', 'aria-live': 'polite' });
  const input = h('textarea', { id: 'sb-input', 'data-testid': 'sb-input', rows: '2', placeholder: t('messagePlaceholder') });
  const composer = h('form', { class: 'composer' }, [
    h('label', { for: 'sb-input', class: 'sr-only' }, [t('messageLabel')]),
    input,
    h('button', { type: 'submit', class: 'button', 'data-testid': 'sb-send' }, [t('send')]),
  ]);
  const endButton = h('button', { type: 'button', class: 'button quiet', 'data-testid': 'sb-end' }, [t('end')]);
  const newChatButton = h('button', { type: 'button', class: 'button', 'data-testid': 'sb-new-chat' }, [t('newChat')]);
  // the rating after the chat ended: five labelled buttons, an optional comment, once
  let score = 0;
  const stars = [1, 2, 3, 4, 5].map((n) => h('button', { type: 'button', class: 'star', 'data-testid': 'sb-star', 'aria-pressed': 'false', 'aria-label': t('rateStars', { n }) }, [`${n}★`]));
  const comment = h('textarea', { id: 'sb-rate-comment', 'data-testid': 'sb-rate-comment', rows: '2' });
  const rateButton = h('button', { type: 'submit', class: 'button', 'data-testid': 'sb-rate-send', disabled: true }, [t('rateSend')]);
  const rateForm = h('form', { class: 'rate', 'data-testid': 'sb-rate', 'aria-labelledby': 'sb-rate-q' }, [
    h('p', { id: 'sb-rate-q' }, [t('rateAsk')]),
    h('div', { class: 'stars', role: 'group', 'aria-labelledby': 'sb-rate-q' }, stars),
    h('label', { for: 'sb-rate-comment' }, [t('rateComment')]),
    comment,
    rateButton,
  ]);
  const thanks = h('p', { class: 'rate', 'data-testid': 'sb-rate-thanks', role: 'status' }, [t('rateThanks')]);
  stars.forEach((star, i) =>
    star.addEventListener('click', () => {
      score = i + 1;
      stars.forEach((s, j) => s.setAttribute('aria-pressed', String(j === i)));
      rateButton.disabled = false;
    }),
  );
  rateForm.addEventListener('submit', (event) => {
    event.preventDefault();
    if (score) handlers.rate?.(score, comment.value);
  });
  const chat = h('div', { class: 'chat' }, [log, typingLine, notice, rateForm, thanks, composer, h('div', { class: 'actions' }, [endButton, newChatButton])]);

  const panel = h('section', { id: 'sb-panel', class: 'panel', 'data-testid': 'sb-panel', role: 'dialog', 'aria-labelledby': 'sb-title', hidden: true }, [
    h('header', { class: 'header' }, [h('h2', { id: 'sb-title', class: 'title' }, [t('panelTitle')]), status]),
    info,
    form,
    chat,
  ]);
  const widget = h('div', { class: 'root', lang }, [panel, launcher]);
  root.append(widget);

  let phase: Phase = 'connecting';
  let isOpen = false;
  let wasEnded = false;

  function setOpen(open: boolean): void {
    isOpen = open;
    panel.hidden = !open;
    launcher.setAttribute('aria-expanded', String(open));
    launcher.textContent = open ? t('launcherClose') : t('launcherOpen');
    if (!open) return;
    if (phase === 'form') name.focus();
    else if (phase === 'chat' && !input.disabled) input.focus();
  }

  function submitMessage(): void {
    if (handlers.send(input.value)) input.value = '';
  }

  function toggle(open: boolean): void {
    setOpen(open);
    handlers.panel?.(open);
  }

  launcher.addEventListener('click', () => toggle(!isOpen));
  panel.addEventListener('keydown', (event) => {
    if (event.key !== 'Escape') return;
    toggle(false);
    launcher.focus();
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    handlers.start({ name: name.value, email: email.value });
  });
  composer.addEventListener('submit', (event) => {
    event.preventDefault();
    submitMessage();
  });
  input.addEventListener('input', () => {
    handlers.typing?.();
    handlers.draft?.(input.value);
  });
  input.addEventListener('keydown', (event) => {
    if (!isSendKey(event)) return;
    event.preventDefault();
    submitMessage();
  });
  endButton.addEventListener('click', () => handlers.end());
  newChatButton.addEventListener('click', () => {
    handlers.newChat();
    name.focus();
  });

  const items = new Map<string, HTMLLIElement>();

  function renderLines(lines: ChatLine[], ended: boolean, justEnded: boolean, seenKey?: string): void {
    const nearBottom = log.scrollHeight - log.scrollTop - log.clientHeight < 40;
    const wanted = new Set(lines.map((l) => l.key));
    const cardNodes = cards?.(lines, ended) ?? new Map<string, Node>();
    for (const [key, item] of items) {
      if (!wanted.has(key)) {
        item.remove();
        items.delete(key);
      }
    }
    let added = false;
    lines.forEach((line, index) => {
      let item = items.get(line.key);
      if (!item) {
        item = h('li', { class: 'msg', 'data-testid': 'sb-message' });
        items.set(line.key, item);
        added = true;
      }
      updateLine(item, line, cardNodes.get(line.key), line.key === seenKey);
      if (messages.children[index] !== item) messages.insertBefore(item, messages.children[index] ?? null);
    });
    // from the end on, what comes is the notice that the chat ended: show it whatever the visitor was reading
    if (justEnded || (added && (nearBottom || ended))) log.scrollTop = log.scrollHeight;
  }

  function updateLine(item: HTMLLIElement, line: ChatLine, card?: Node, seen = false): void {
    item.dataset.author = line.author;
    item.dataset.pending = String(line.pending);
    item.dataset.failed = String(line.failed);
    const author = line.author === 'visitor' ? t('authorYou') : line.author === 'agent' ? line.authorName ?? t('authorAgent') : null;
    const state = line.pending ? t('pending') : line.failed ? t('failed') : seen ? t('seen') : null;
    const parts: Node[] = [];
    if (author) parts.push(h('span', { class: 'author' }, [author]));
    // a card keeps its own node; putting it back would cost the focus of a button in it
    if (card && item.lastChild === card) return;
    parts.push(card ?? h('div', { class: 'body' }, [noticeLine(t, line)]));
    if (state) parts.push(h('span', { class: 'state', 'data-testid': seen ? 'sb-seen' : 'sb-state' }, [state]));
    item.replaceChildren(...parts);
  }

  function render(state: ViewState): void {
    const entering = state.phase !== phase;
    const restoring = phase === 'loading' && state.phase === 'chat';
    phase = state.phase;
    const inChat = state.phase === 'chat';
    const live = state.status === 'waiting' || state.status === 'active';
    widget.hidden = state.phase === 'refused';
    if (restoring) {
      if (state.panelOpen && !isOpen) setOpen(true);
      if (!input.value) input.value = state.draft ?? '';
    }

    status.hidden = !inChat || !state.status;
    if (inChat && state.status) {
      status.dataset.status = state.status;
      status.textContent = statusText(state.status, state.agentName, t, state.queuePosition ?? null);
    } else {
      delete status.dataset.status;
      status.textContent = '';
    }

    const infoText = state.phase === 'unavailable' ? t('unavailable') : state.phase === 'chat' || state.phase === 'form' ? '' : t('loading');
    info.hidden = !infoText;
    info.textContent = infoText;

    form.hidden = state.phase !== 'form';
    formError.hidden = !state.formError;
    formError.textContent = state.formError?.text ?? '';
    name.setAttribute('aria-invalid', String(state.formError?.field === 'name'));
    email.setAttribute('aria-invalid', String(state.formError?.field === 'email'));
    for (const field of [name, email]) {
      if (field.getAttribute('aria-invalid') === 'true') field.setAttribute('aria-describedby', 'sb-form-error');
      else field.removeAttribute('aria-describedby');
    }
    startButton.disabled = state.starting;
    startButton.textContent = state.starting ? t('starting') : t('start');

    chat.hidden = !inChat;
    const ended = inChat && state.status === 'ended';
    renderLines(inChat ? state.lines : [], ended, ended && !wasEnded, state.seenKey);
    rateForm.hidden = !inChat || (state.rate !== 'ask' && state.rate !== 'sending');
    rateButton.disabled = state.rate === 'sending' || !score;
    thanks.hidden = !inChat || state.rate !== 'thanks';
    wasEnded = ended;
    const agentTyping = inChat && live && state.agentTyping === true;
    typingLine.textContent = agentTyping ? (state.agentName ? t('agentTyping', { agent: state.agentName }) : t('agentTypingUnnamed')) : '';
    notice.hidden = !state.notice;
    notice.textContent = state.notice ?? '';
    composer.hidden = inChat && !live;
    input.disabled = !live;
    endButton.hidden = !live;
    newChatButton.hidden = !inChat || live;
    // The control that had focus (Start chat) is gone once the chat shows: carry focus to the message box.
    if (entering && isOpen && inChat && live) input.focus();
  }

  function prefill(values: { name?: string; email?: string }): void {
    if (values.name && !name.value) name.value = values.name;
    if (values.email && !email.value) email.value = values.email;
  }

  return { host, root, render, prefill };
}
