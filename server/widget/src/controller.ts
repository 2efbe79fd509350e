/**
 * The chat logic: session, (re)connect and catch-up, starting a chat, the outbox flush, and turning
 * server facts into the ViewState. Network, storage, ids and time come in as dependencies.
 */
import type { ErrorCode } from '../../../protocol/ack.ts';
import type { MessageDTO, VisitorConversationDTO } from '../../../protocol/dto.ts';
import { LIMITS } from '../../../protocol/limits.ts';
import { openSession, OriginRefused, type FetchLike, type VisitorConnection } from './api.ts';
import { ERROR_MESSAGES, type Locale, type Translate } from './i18n.ts';
import type { KeyValueStore } from './storage.ts';
import { createChatStore } from './store.ts';
import { createTyping } from './typing.ts';
import { checkMessageBody, pageUrlFor, validateStartForm } from './validate.ts';
import type { Phase, ViewHandlers, ViewState } from './view.ts';

export interface ControllerDeps {
  server: string;
  kv: KeyValueStore;
  fetch: FetchLike;
  connect: (server: string, getToken: () => string | null) => VisitorConnection;
  newId: () => string;
  now: () => number;
  pageUrl: () => string;
  /** which site's routing applies (the tag's data-site); absent = the default */
  siteKey?: string;
  /** the widget's language, which `t` speaks: the server tells the fallback message in it */
  locale: Locale;
  t: Translate;
  /** a line for the site's developer in the browser console */
  warn: (text: string) => void;
  onChange: (state: ViewState) => void;
  /** lets other parts of the widget (visitor report, calendar cards) use the connection too */
  onConnection?: (connection: VisitorConnection) => void;
}

/** Errors that say "not now" rather than "never": the message stays in the outbox and is sent again. */
const RETRYABLE: ReadonlySet<ErrorCode> = new Set(['rate_limited', 'internal', 'conflict', 'unauthorized']);
const RETRY_MS = 3000;
const SESSION_RETRY_MS = [1000, 3000, 10_000, 30_000];

const backoff = (attempt: number): number => SESSION_RETRY_MS[Math.min(attempt, SESSION_RETRY_MS.length - 1)] ?? 30_000;
const isOpen = (c: VisitorConversationDTO | null) => c?.status === 'waiting' || c?.status === 'active';

export function createController(deps: ControllerDeps) {
  const { t } = deps;
  const store = createChatStore(deps.kv, { newId: deps.newId, now: deps.now });
  let conn: VisitorConnection | null = null;
  let phase: Phase = 'connecting';
  let formError: ViewState['formError'] = null;
  let starting = false;
  let notice: string | null = null;
  let queuePosition: number | null = null;
  /** the chat rated in this page, which thanks the visitor instead of asking */
  let thanked: string | null = null;
  let rating = false;
  let sessionFailures = 0;
  let refusals = 0;
  let beginning = false;
  let pulling = false;
  let pullAgain = false;
  let flushing = false;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;

  const errorText = (code: ErrorCode) => t(ERROR_MESSAGES[code]);
  const typing = createTyping({
    send: (conversationId, value) => void conn?.command('typing:set', { conversationId, typing: value }).catch(() => undefined),
    conversationId: () => (store.conversation?.status === 'active' ? store.conversationId : null),
    onChange: () => changed(),
  });

  function state(): ViewState {
    const c = store.conversation;
    const agentTyping = typing.agentTyping();
    // a place in the queue means something only while the chat still waits
    const queued = c?.status === 'waiting' ? queuePosition : null;
    return {
      phase,
      status: c?.status ?? null,
      agentName: c?.agentName ?? null,
      queuePosition: queued,
      lines: store.lines(),
      formError,
      starting,
      notice,
      agentTyping,
      draft: store.draft(),
      panelOpen: store.panelOpen(),
      rate: c?.status !== 'ended' || !c.agentName ? null : c.id === thanked ? 'thanks' : c.rated ? null : rating ? 'sending' : 'ask',
      seenKey: store
        .lines()
        .filter((l) => l.author === 'visitor' && (l.seq ?? Infinity) <= (c?.seenSeq ?? 0))
        .at(-1)?.key,
    };
  }
  const changed = () => deps.onChange(state());

  /** Get (or renew) the visitor session, then connect. Retries with growing pauses while the server is away. */
  async function begin(): Promise<void> {
    if (beginning || phase === 'refused') return;
    beginning = true;
    try {
      const session = await openSession(deps.server, store.getToken(), deps.fetch);
      sessionFailures = 0;
      store.setToken(session.token);
      // A renewed session that still has this chat keeps showing it; anything else starts over.
      if (session.conversationId !== store.conversationId || phase === 'connecting' || phase === 'unavailable') {
        store.open(session.conversationId);
        phase = session.conversationId ? 'loading' : 'form';
      }
      store.dropOtherConversations();
      changed();
      if (!conn) conn = wire(deps.connect(deps.server, () => store.getToken()));
      conn.connect();
    } catch (error) {
      if (error instanceof OriginRefused) refused();
      else {
        if (phase === 'connecting') phase = 'unavailable';
        setTimeout(() => void begin(), backoff(sessionFailures++));
      }
      changed();
    } finally {
      beginning = false;
    }
  }

  function refused(): void {
    phase = 'refused';
    const origin = new URL(deps.pageUrl()).origin;
    deps.warn(`Switchboard: the chat server ${deps.server} does not allow this page's origin ${origin}, so the chat widget stays hidden. An admin adds ${origin} in the admin console (Sites), or to SITE_ORIGINS on that server, to show it.`);
  }

  function wire(c: VisitorConnection): VisitorConnection {
    deps.onConnection?.(c);
    c.onConnect(() => {
      refusals = 0;
      notice = null;
      changed();
      void pull().then(flush);
    });
    c.onDisconnect(() => {
      if (phase === 'chat') notice = t('reconnecting');
      changed();
    });
    // Refused or cut off by the server usually means the token is no longer good: the session call renews it.
    c.onRefused(() => void setTimeout(() => void begin(), backoff(refusals++)));
    c.on('conversation:updated', onConversation);
    c.on('typing:updated', typing.onRemote);
    c.on('conversation:seen', (update) => {
      const current = store.conversation;
      if (current?.id !== update.conversationId || (current.seenSeq ?? 0) >= update.seq) return;
      store.setConversation({ ...current, seenSeq: update.seq });
      changed();
    });
    c.on('queue:updated', (update) => {
      if (update.conversationId !== store.conversationId) return;
      // position 0: the chat left the queue and is being offered to an agent
      queuePosition = update.position > 0 ? update.position : null;
      changed();
    });
    c.on('message:created', (message) => {
      if (message.conversationId !== store.conversationId) return;
      if (message.author === 'agent') typing.onAgentMessage();
      applyIncoming(message);
      changed();
    });
    return c;
  }

  function onConversation(c: VisitorConversationDTO): void {
    if (c.id === store.conversationId) {
      store.setConversation(c);
      phase = 'chat';
    } else if (isOpen(c) && !isOpen(store.conversation)) {
      // The visitor started a chat in another tab of this site: follow it here too.
      store.setConversation(c);
      phase = 'chat';
      void pull();
    }
    changed();
  }

  function applyIncoming(message: MessageDTO): void {
    if (store.applyMessage(message) === 'gap') void pull();
  }

  /** Ask for everything after the last message held without a hole; on a fresh page that is the whole chat. */
  async function pull(): Promise<void> {
    const id = store.conversationId;
    if (!id || !conn?.connected) return;
    if (pulling) {
      pullAgain = true;
      return;
    }
    pulling = true;
    try {
      do {
        pullAgain = false;
        const ack = await conn.command('sync:pull', { conversationId: id, afterSeq: store.afterSeq() });
        if (store.conversationId !== id) return;
        if (ack.ok) {
          store.setConversation(ack.data.conversation);
          for (const message of ack.data.messages) store.applyMessage(message);
          // the snapshot read the conversation before its messages: all it may show up to lastSeq came
          store.completeThrough(ack.data.conversation.lastSeq);
          phase = 'chat';
        } else if (ack.error === 'not_found' || ack.error === 'forbidden') {
          store.open(null);
          phase = 'form';
        } else {
          notice = errorText(ack.error);
        }
      } while (pullAgain);
    } catch {
      // No answer: the next connect pulls again.
    } finally {
      pulling = false;
      changed();
    }
  }

  /** Send the outbox in order, one at a time, so the server's sequence follows the visitor's order. */
  async function flush(): Promise<void> {
    if (flushing) return;
    flushing = true;
    try {
      while (conn?.connected) {
        const item = store.pending()[0];
        if (!item) break;
        const ack = await conn
          .command('message:send', { conversationId: item.conversationId, clientId: item.clientId, body: item.body })
          .catch(() => null);
        if (!ack) {
          if (conn.connected) {
            notice = t('timeout');
            retryLater();
          }
          break;
        }
        if (ack.ok) {
          notice = null;
          if (store.acknowledge(item.clientId, ack.data) === 'gap') void pull();
        } else if (RETRYABLE.has(ack.error)) {
          notice = errorText(ack.error);
          retryLater();
          break;
        } else {
          store.markFailed(item.clientId, ack.error);
          notice = errorText(ack.error);
          if (ack.error === 'conversation_ended') void pull();
        }
        changed();
      }
    } finally {
      flushing = false;
      changed();
    }
  }

  function retryLater(): void {
    if (retryTimer) return;
    retryTimer = setTimeout(() => {
      retryTimer = null;
      void flush();
    }, RETRY_MS);
  }

  const handlers: ViewHandlers = {
    start(input) {
      if (starting) return;
      const checked = validateStartForm(input);
      if (!checked.ok) {
        formError = { text: t(checked.error, checked.params), field: checked.field };
        changed();
        return;
      }
      if (!conn?.connected) {
        formError = { text: t('offline'), field: null };
        changed();
        return;
      }
      const pageUrl = pageUrlFor(deps.pageUrl());
      starting = true;
      formError = null;
      changed();
      conn
        .command('chat:start', { ...checked.value, ...(pageUrl ? { pageUrl } : {}), ...(deps.siteKey ? { siteKey: deps.siteKey } : {}), locale: deps.locale })
        .then((ack) => {
          if (!ack.ok) {
            formError = { text: errorText(ack.error), field: null };
            return;
          }
          store.setConversation(ack.data.conversation);
          for (const message of ack.data.messages) store.applyMessage(message);
          // the snapshot read the conversation before its messages: all it may show up to lastSeq came
          store.completeThrough(ack.data.conversation.lastSeq);
          phase = 'chat';
          notice = null;
        })
        .catch(() => {
          formError = { text: t('timeout'), field: null };
        })
        .finally(() => {
          starting = false;
          changed();
        });
    },

    send(body) {
      const text = body.trim();
      const problem = checkMessageBody(text);
      if (problem === 'empty' || !isOpen(store.conversation)) return false;
      if (problem === 'tooLong') {
        notice = t('messageTooLong', { max: LIMITS.messageBody });
        changed();
        return false;
      }
      typing.stop();
      store.enqueue(text);
      store.setDraft('');
      changed();
      void flush();
      return true;
    },

    end() {
      const id = store.conversationId;
      if (!id) return;
      if (!conn?.connected) {
        notice = t('offline');
        changed();
        return;
      }
      conn
        .command('conversation:end', { conversationId: id })
        .then((ack) => {
          if (ack.ok) {
            if (ack.data.id === store.conversationId) store.setConversation(ack.data);
          } else if (ack.error === 'conversation_ended') {
            void pull();
          } else {
            notice = errorText(ack.error);
          }
        })
        .catch(() => {
          notice = t('timeout');
        })
        .finally(changed);
    },

    rate(score, comment) {
      const id = store.conversationId;
      if (!id || rating || !conn?.connected) return;
      rating = true;
      changed();
      conn
        .command('chat:rate', { conversationId: id, score, ...(comment.trim() ? { comment: comment.trim() } : {}) })
        .then((ack) => {
          if (ack.ok) {
            thanked = id;
            store.setConversation(ack.data);
          } else if (ack.error === 'conflict') void pull();
          else notice = errorText(ack.error);
        })
        .catch(() => {
          notice = t('timeout');
        })
        .finally(() => {
          rating = false;
          changed();
        });
    },

    typing: () => typing.keyPressed(),
    draft: (text) => store.setDraft(text),
    panel: (open) => store.setPanelOpen(open),

    newChat() {
      store.open(null);
      phase = 'form';
      formError = null;
      notice = null;
      changed();
    },
  };

  return { begin, handlers, state, conversationId: () => store.conversationId };
}
