/**
 * The load bench's clients over the real protocol: agents sign in over HTTP and accept every offer,
 * visitors get a session, connect and start a chat; resolves once every chat has its agent.
 * The relay accepts the same calls (without the HTTP parts), so both targets see one client code.
 */
import { io, type Socket } from 'socket.io-client';
import type { LoginResult, VisitorSessionResult } from '../protocol/dto.ts';
import { EXTENSION_ID } from '../server/src/config.ts';

export const SITE_ORIGIN = 'http://site.test';
export const AGENT_ORIGIN = `chrome-extension://${EXTENSION_ID}`;
export const PASSWORD = 'correct horse battery';

export interface Chat {
  conversationId: string;
  visitor: Socket;
  agent: Socket;
}

type Ack = { ok: true; data: unknown } | { ok: false; error: string };

function open(url: string, namespace: string, token: string, origin: string): Promise<Socket> {
  const socket = io(`${url}${namespace}`, {
    auth: { token },
    transports: ['websocket'],
    extraHeaders: { origin },
    forceNew: true,
    reconnection: false,
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

async function postJson<T>(url: string, body: unknown, origin: string): Promise<T> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', origin }, body: JSON.stringify(body) });
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return (await response.json()) as T;
}

/** `count` items, at most `width` at a time, so the setup does not overrun either target */
async function inWaves<T>(count: number, width: number, make: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  for (let start = 0; start < count; start += width) {
    out.push(...(await Promise.all(Array.from({ length: Math.min(width, count - start) }, (_, k) => make(start + k)))));
  }
  return out;
}

export async function connectChats(url: string, kind: 'relay' | 'service', agents: number, visitors: number): Promise<Chat[]> {
  const accepted = new Map<string, Socket>();
  let onAccepted = () => undefined as void;
  await inWaves(agents, 10, async (i) => {
    const token =
      kind === 'service'
        ? (await postJson<LoginResult>(`${url}/api/auth/login`, { email: `bench${i}@example.test`, password: PASSWORD }, AGENT_ORIGIN)).accessToken
        : `agent${i}`;
    const socket = await open(url, '/agent', token, AGENT_ORIGIN);
    socket.on('offer:created', (offer: { id: string; conversationId: string }) => {
      socket.emit('offer:accept', { offerId: offer.id }, (ack: Ack) => {
        if (!ack.ok) throw new Error(`offer:accept failed: ${ack.error}`);
        accepted.set(offer.conversationId, socket);
        onAccepted();
      });
    });
    return socket;
  });
  const started = await inWaves(visitors, 20, async (i) => {
    const token = kind === 'service' ? (await postJson<VisitorSessionResult>(`${url}/api/visitor/session`, {}, SITE_ORIGIN)).token : `visitor${i}`;
    const socket = await open(url, '/visitor', token, SITE_ORIGIN);
    const ack = (await socket.timeout(30_000).emitWithAck('chat:start', { name: `Visitor ${i}`, email: `v${i}@example.test` })) as Ack;
    if (!ack.ok) throw new Error(`chat:start failed: ${ack.error}`);
    return { socket, conversationId: (ack.data as { conversation: { id: string } }).conversation.id };
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`only ${accepted.size} of ${visitors} chats were accepted`)), 60_000);
    onAccepted = () => {
      if (accepted.size < visitors) return;
      clearTimeout(timer);
      resolve();
    };
    onAccepted();
  });
  return started.map(({ socket, conversationId }) => ({ conversationId, visitor: socket, agent: accepted.get(conversationId)! }));
}

export function closeChats(chats: readonly Chat[]): void {
  for (const chat of chats) {
    chat.visitor.disconnect();
    chat.agent.disconnect();
  }
}
