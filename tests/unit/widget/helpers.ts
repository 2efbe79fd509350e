/**
 * Test doubles for the widget: a fake `/visitor` connection that records commands and answers them
 * with a scripted responder, plus builders for protocol objects.
 */
import type { Ack } from '../../../protocol/ack.ts';
import type { MessageDTO, VisitorConversationDTO } from '../../../protocol/dto.ts';
import type { VisitorServerToClientEvents } from '../../../protocol/events.ts';
import type { Command, CommandInput, VisitorConnection } from '../../../server/widget/src/api.ts';
import type { Locale } from '../../../protocol/locales.ts';
import { createTranslator, type MessageTable } from '../../../server/widget/src/i18n.ts';
import { de } from '../../../server/widget/src/locales/de.ts';
import { en } from '../../../server/widget/src/locales/en.ts';
import { es } from '../../../server/widget/src/locales/es.ts';
import { fr } from '../../../server/widget/src/locales/fr.ts';
import { nl } from '../../../server/widget/src/locales/nl.ts';
import { sv } from '../../../server/widget/src/locales/sv.ts';

export interface SentCommand {
  event: Command;
  input: CommandInput<Command>;
}

type Responder = (event: Command, input: CommandInput<Command>) => Ack<unknown> | Promise<Ack<unknown>>;

export function fakeConnection() {
  const listeners = new Map<string, (payload: never) => void>();
  const connectHandlers: (() => void)[] = [];
  const disconnectHandlers: (() => void)[] = [];
  const refusedHandlers: (() => void)[] = [];
  const sent: SentCommand[] = [];
  let connected = false;
  let connects = 0;
  let responder: Responder = () => ({ ok: false, error: 'internal' });

  const conn: VisitorConnection = {
    get connected() {
      return connected;
    },
    command(event, input) {
      if (!connected) return Promise.reject(new Error('offline'));
      sent.push({ event, input });
      return Promise.resolve(responder(event, input)) as never;
    },
    on(event, handler) {
      listeners.set(event, handler as (payload: never) => void);
    },
    onConnect: (handler) => void connectHandlers.push(handler),
    onDisconnect: (handler) => void disconnectHandlers.push(handler),
    onRefused: (handler) => void refusedHandlers.push(handler),
    connect() {
      connects++;
      connected = true;
      for (const handler of connectHandlers) handler();
    },
  };

  return {
    conn,
    sent,
    respond(next: Responder) {
      responder = next;
    },
    /** The server sends a fact to this visitor. */
    push<E extends keyof VisitorServerToClientEvents>(event: E, payload: Parameters<VisitorServerToClientEvents[E]>[0]) {
      listeners.get(event)?.(payload as never);
    },
    drop() {
      connected = false;
      for (const handler of disconnectHandlers) handler();
    },
    /** The server turns the handshake down; socket.io gives up on its own. */
    refuse() {
      connected = false;
      for (const handler of refusedHandlers) handler();
    },
    connects: () => connects,
    commands: (event: Command) => sent.filter((c) => c.event === event).map((c) => c.input as Record<string, unknown>),
  };
}

export function conversation(overrides: Partial<VisitorConversationDTO> = {}): VisitorConversationDTO {
  return { id: 'c1', status: 'waiting', agentName: null, lastSeq: 0, createdAt: 1, endedAt: null, ...overrides };
}

export function message(seq: number, overrides: Partial<MessageDTO> = {}): MessageDTO {
  return {
    id: `m${seq}`,
    conversationId: 'c1',
    seq,
    clientId: `server-${seq}`,
    author: 'agent',
    authorName: 'Ada',
    body: `message ${seq}`,
    createdAt: seq,
    ...overrides,
  };
}

/** A fetch that answers the session call with the given token and conversation, recording requests. */
export function fakeSessionFetch(result: { token: string; conversationId: string | null }) {
  const requests: { url: string; body: unknown }[] = [];
  const fetch = async (url: string, init: RequestInit) => {
    requests.push({ url, body: JSON.parse(String(init.body)) });
    return new Response(JSON.stringify(result), { status: 200, headers: { 'content-type': 'application/json' } });
  };
  return { fetch, requests };
}

/** Every language's table, as the build serves them beside widget.js; for translators in tests. */
export const LOCALE_TABLES: Record<Locale, MessageTable> = { en, de, es, fr, nl, sv };

/** The widget's translator for `locale`, as it is once that language's table has arrived. */
export const translatorFor = (locale: Locale) => createTranslator(LOCALE_TABLES[locale]);
