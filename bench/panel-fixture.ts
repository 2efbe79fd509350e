/**
 * What the side panel bench needs around the built extension: a copy of it with a probe page and a
 * first-row probe, the seed written into the extension's IndexedDB, and a stand-in agent server that
 * the worker connects to (so incoming messages take the real path: socket → worker → Dexie → panel).
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Server } from 'socket.io';
import type { AgentDTO, ConversationDTO, MessageDTO } from '../protocol/dto.ts';

export const AGENT: AgentDTO = {
  id: 'bench-agent',
  email: 'bench@example.test',
  name: 'Bench Agent',
  role: 'agent',
  available: false,
  availabilitySource: 'manual',
  availableUntil: null,
};

export interface Seed {
  conversations: number;
  messages: number;
  active: number;
  longChat: number;
}
export const SEED: Seed = { conversations: 10_000, messages: 100_000, active: 10, longChat: 1_000 };
/** the active chat that holds the long transcript */
export const LONG_CHAT_ID = 'c-0';

/**
 * Records (relative to the document's time origin, i.e. navigation start) when the first conversation
 * row enters the DOM. A classic script in <head>, so it runs before the app's module.
 */
const PROBE = `(() => {
  const marks = (globalThis.__bench = { firstRow: null });
  const seen = () => {
    if (marks.firstRow !== null || !document.querySelector('[data-testid="conversation-item"]')) return;
    marks.firstRow = performance.now();
    observer.disconnect();
  };
  const observer = new MutationObserver(seen);
  observer.observe(document, { childList: true, subtree: true });
})();`;

/** The reference: an extension page with one paragraph and nothing else, from the same extension. */
const BLANK = '<!doctype html><html lang="en"><head><meta charset="UTF-8"><title>blank</title></head><body><p>Switchboard</p></body></html>';

/** A copy of the built extension with the probe; the manifest key keeps the same extension id. */
export function instrumentedCopy(extensionDir: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-bench-ext-'));
  cpSync(extensionDir, dir, { recursive: true });
  writeFileSync(join(dir, 'bench-probe.js'), PROBE);
  writeFileSync(join(dir, 'bench-blank.html'), BLANK);
  const html = readFileSync(join(dir, 'sidepanel.html'), 'utf8');
  writeFileSync(join(dir, 'sidepanel.html'), html.replace('<head>', '<head><script src="/bench-probe.js"></script>'));
  return dir;
}

export function conversation(i: number, now: number, seed = SEED): ConversationDTO & { updatedAt: number; readSeq: number } {
  const active = i < seed.active;
  const createdAt = now - i * 5 * 60_000;
  const lastSeq = i === 0 ? seed.longChat : messagesIn(i, seed);
  return {
    id: `c-${i}`,
    status: active ? 'active' : 'ended',
    visitor: {
      id: `v-${i}`,
      name: `Visitor ${i}`,
      email: `visitor${i}@example.test`,
      jobTitle: null,
      phone: null,
      crmStatus: null,
      company: null,
      custom: {},
      verified: false,
    },
    agentId: AGENT.id,
    agentName: AGENT.name,
    lastSeq,
    createdAt,
    endedAt: active ? null : createdAt + 30_000,
    endedBy: active ? null : 'visitor',
    updatedAt: active ? createdAt + lastSeq * 1000 : createdAt + 30_000,
    readSeq: lastSeq,
  };
}

/** The long chat holds SEED.longChat; the others share the rest evenly. */
function messagesIn(i: number, seed: Seed): number {
  return i === 0 ? seed.longChat : Math.floor((seed.messages - seed.longChat) / (seed.conversations - 1));
}

/** Writes the seed straight into the extension's IndexedDB from one of its pages (schema already made). */
export async function seedInPage(
  evaluate: (fn: (arg: unknown) => Promise<void>, arg: unknown) => Promise<void>,
  serverUrl: string,
  seed = SEED,
): Promise<void> {
  const now = Date.now();
  const rows = Array.from({ length: seed.conversations }, (_, i) => conversation(i, now, seed));
  await evaluate(
    async (arg) => {
      const { rows, owner } = arg as { rows: ReturnType<typeof conversation>[]; owner: object };
      const db = await new Promise<IDBDatabase>((ok, fail) => {
        const request = indexedDB.open('switchboard');
        request.onsuccess = () => ok(request.result);
        request.onerror = () => fail(request.error);
      });
      const tx = db.transaction(['conversations', 'messages', 'meta'], 'readwrite');
      const messages = tx.objectStore('messages');
      tx.objectStore('meta').put({ key: 'owner', value: owner });
      for (const c of rows) {
        tx.objectStore('conversations').put(c);
        for (let seq = 1; seq <= c.lastSeq; seq++) {
          messages.put({
            id: `${c.id}-m${seq}`,
            conversationId: c.id,
            seq,
            clientId: `${c.id}-k${seq}`,
            author: seq % 2 ? 'visitor' : 'agent',
            authorName: seq % 2 ? c.visitor.name : c.agentName,
            body: `Message ${seq} in ${c.id}: a sentence of ordinary length, as a visitor would type it.`,
            createdAt: c.createdAt + seq * 1000,
          });
        }
      }
      await new Promise<void>((ok, fail) => {
        tx.oncomplete = () => ok();
        tx.onerror = () => fail(tx.error);
      });
      db.close();
    },
    { rows, owner: { agentId: AGENT.id, serverUrl } },
  );
}

export interface FakeAgentServer {
  url: string;
  /** resolves once a worker has connected and pulled its snapshot */
  synced(): Promise<void>;
  /**
   * emits the next `count` messages of a conversation, `perEvent` to an event (1: one message:created
   * each; more: messages:created, as the service sends what one commit stored); returns when the last was emitted
   */
  burst(conversationId: string, count: number, marker: string, perEvent?: number): number;
  close(): Promise<void>;
}

/**
 * Just enough of the agent namespace for the worker: any token is accepted, sync:pull answers with the
 * active conversations (so none is dropped), every other command is acknowledged empty.
 */
export async function startFakeAgentServer(seed = SEED): Promise<FakeAgentServer> {
  const io = new Server({ transports: ['websocket'] });
  const lastSeq = new Map<string, number>();
  const now = Date.now();
  const active = Array.from({ length: seed.active }, (_, i) => conversation(i, now, seed));
  for (const c of active) lastSeq.set(c.id, c.lastSeq);
  let onSynced: () => void;
  const synced = new Promise<void>((resolve) => (onSynced = resolve));
  const agents = io.of('/agent');
  agents.on('connection', (socket) => {
    socket.onAny((event: string, ...args: unknown[]) => {
      const ack = args.at(-1);
      if (typeof ack !== 'function') return;
      if (event !== 'sync:pull') return ack({ ok: true, data: null });
      const conversations = active.map(({ updatedAt: _u, readSeq: _r, ...c }) => ({ ...c, lastSeq: lastSeq.get(c.id) ?? c.lastSeq }));
      ack({ ok: true, data: { agent: AGENT, offers: [], conversations, messages: [], serverTime: Date.now() } });
      setTimeout(onSynced, 50);
    });
  });
  // after a browser start the worker renews its access token (kept in session storage) before connecting
  const http = createServer((req, res) => {
    const cors = { 'access-control-allow-origin': '*', 'access-control-allow-methods': 'POST', 'access-control-allow-headers': 'content-type' };
    if (req.method === 'OPTIONS' && req.url === '/api/auth/refresh') {
      res.writeHead(204, cors);
      res.end();
      return;
    }
    if (req.method === 'POST' && req.url === '/api/auth/refresh') {
      res.writeHead(200, { 'content-type': 'application/json', ...cors });
      res.end(JSON.stringify({ accessToken: 'bench-access', refreshToken: 'bench-refresh', accessTokenExpiresInMs: 3_600_000 }));
      return;
    }
    if (!req.url?.startsWith('/socket.io/')) {
      res.writeHead(404);
      res.end();
    }
  });
  io.attach(http);
  const port = await new Promise<number>((resolve) => http.listen(0, '127.0.0.1', () => resolve((http.address() as AddressInfo).port)));
  return {
    url: `http://127.0.0.1:${port}`,
    synced: () => synced,
    burst(conversationId, count, marker, perEvent = 1) {
      let seq = lastSeq.get(conversationId) ?? 0;
      const at = Date.now();
      let pending: MessageDTO[] = [];
      const send = () => {
        if (pending.length === 1) agents.emit('message:created', pending[0]!);
        else if (pending.length > 1) agents.emit('messages:created', pending);
        pending = [];
      };
      for (let n = 1; n <= count; n++) {
        seq++;
        const message: MessageDTO = {
          id: `${conversationId}-m${seq}`,
          conversationId,
          seq,
          clientId: `${conversationId}-k${seq}`,
          author: 'visitor',
          authorName: 'Visitor 0',
          body: n === count ? marker : `Burst message ${n} of ${count}`,
          createdAt: at,
        };
        pending.push(message);
        if (pending.length >= perEvent) send();
      }
      send();
      lastSeq.set(conversationId, seq);
      return Date.now();
    },
    close: () => new Promise((resolve) => io.close(() => resolve())),
  };
}
