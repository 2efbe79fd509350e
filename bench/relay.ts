/**
 * The yardstick for `bench/load.ts`: a bare socket.io relay with the service's shape and no storage.
 * Same namespaces (`/agent`, `/visitor`), one room per agent and per visitor, every command acked,
 * and a message delivered where the service delivers it (the sender's side and the other side).
 * Conversations and sequence numbers live in memory only; nothing is validated or stored.
 * Started by the load bench as a child process; prints `READY <port>` once it listens; answers the
 * bench's GC and profile questions on stdin (bench/gc-probe.ts, bench/profile-probe.ts).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { Server } from 'socket.io';
import { answerLines } from './child-answers.ts';
import { gcProbe } from './gc-probe.ts';
import { profileProbe } from './profile-probe.ts';

interface Conversation {
  visitorRoom: string;
  agentRoom: string;
  seq: number;
}

const httpServer = createServer((_req, res) => res.writeHead(404).end());
const io = new Server(httpServer, { cors: { origin: true } });
const conversations = new Map<string, Conversation>();
const agentIds: string[] = [];
let nextAgent = 0;

type Ack = (answer: unknown) => void;
type SendInput = { conversationId: string; clientId: string; body: string };

function relayMessage(input: SendInput, author: 'visitor' | 'agent', ack: Ack): void {
  const conversation = conversations.get(input.conversationId);
  if (!conversation) return ack({ ok: false, error: 'not_found' });
  conversation.seq += 1;
  const message = {
    id: randomUUID(),
    conversationId: input.conversationId,
    seq: conversation.seq,
    clientId: input.clientId,
    author,
    authorName: null,
    body: input.body,
    createdAt: Date.now(),
  };
  ack({ ok: true, data: message });
  io.of('/visitor').to(conversation.visitorRoom).emit('message:created', message);
  io.of('/agent').to(conversation.agentRoom).emit('message:created', message);
}

io.of('/agent').on('connection', (socket) => {
  const agentId = String(socket.handshake.auth.token);
  agentIds.push(agentId);
  void socket.join(`agent:${agentId}`);
  socket.on('offer:accept', (input: { offerId: string }, ack: Ack) => ack({ ok: true, data: { id: input.offerId } }));
  socket.on('message:send', (input: SendInput, ack: Ack) => relayMessage(input, 'agent', ack));
});

io.of('/visitor').on('connection', (socket) => {
  const visitorRoom = `visitor:${socket.id}`;
  void socket.join(visitorRoom);
  socket.on('chat:start', (_input: unknown, ack: Ack) => {
    const id = randomUUID();
    const agentId = agentIds[nextAgent++ % agentIds.length]!;
    conversations.set(id, { visitorRoom, agentRoom: `agent:${agentId}`, seq: 0 });
    ack({ ok: true, data: { conversation: { id } } });
    // the conversation id doubles as the offer id: the relay has nothing to decide
    io.of('/agent').to(`agent:${agentId}`).emit('offer:created', { id, conversationId: id });
  });
  socket.on('message:send', (input: SendInput, ack: Ack) => relayMessage(input, 'visitor', ack));
});

answerLines(gcProbe(), profileProbe());
httpServer.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  console.log(`READY ${(httpServer.address() as AddressInfo).port}`);
});
