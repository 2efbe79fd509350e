/** The load bench's open-loop sender: offered rate in, acks and their latencies out. */
import type { ChildProcess } from 'node:child_process';
import { timeOrderedId } from '../protocol/ids.ts';
import type { Chat } from './load-clients.ts';
import { fmt, percentile } from './load-stats.ts';

export interface Target {
  name: 'relay' | 'service';
  child: ChildProcess;
  chats: Chat[];
}

export interface Phase {
  sent: number;
  ok: number;
  failed: number;
  /** ms from when each acked message was due to its ack, sorted once the phase is over */
  latencies: number[];
}

const ACK_GRACE_MS = 3000;
const AGENT_SHARE = 4; // every 4th message is the agent's reply
const BODY = 'Hello, I ordered a blue one last week and it has not arrived yet. Can you check?';
export const P99_LIMIT_MS = 100;

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Sends `rate` msg/s for `seconds` in an open loop, then waits for the acks (or ACK_GRACE_MS). */
export async function drive(target: Target, rate: number, seconds: number): Promise<Phase> {
  const phase: Phase = { sent: 0, ok: 0, failed: 0, latencies: [] };
  const total = Math.max(1, Math.round(rate * seconds));
  const start = performance.now();
  let i = 0;
  await new Promise<void>((resolve) => {
    const tick = () => {
      const due = Math.min(total, Math.floor(((performance.now() - start) * rate) / 1000) + 1);
      for (; i < due; i++) {
        // latency counts from when the message was due, so a late generator cannot hide a slow server
        const intended = start + (i * 1000) / rate;
        const chat = target.chats[i % target.chats.length]!;
        const socket = i % AGENT_SHARE === AGENT_SHARE - 1 ? chat.agent : chat.visitor;
        phase.sent += 1;
        // client ids as the widget and the extension make them (protocol/ids.ts)
        socket.emit('message:send', { conversationId: chat.conversationId, clientId: timeOrderedId(), body: BODY }, (ack: { ok: boolean }) => {
          if (ack.ok) {
            phase.ok += 1;
            phase.latencies.push(performance.now() - intended);
          } else phase.failed += 1;
        });
      }
      if (i >= total) resolve();
      else setTimeout(tick, 1);
    };
    tick();
  });
  const deadline = performance.now() + ACK_GRACE_MS;
  while (phase.ok + phase.failed < phase.sent && performance.now() < deadline) await sleep(5);
  phase.latencies.sort((a, b) => a - b);
  return phase;
}

/** After an overloaded step the server may still be working off its backlog; wait until it is idle. */
export async function settle(phase: Phase): Promise<void> {
  const deadline = performance.now() + 30_000;
  while (phase.ok + phase.failed < phase.sent && performance.now() < deadline) await sleep(20);
  await sleep(200);
}

/**
 * One step of the throughput ladder: passes with p99 ≤ 100 ms and every message acked. A failed step
 * is run once more before it counts, for both targets alike: the cores are shared with other work,
 * and one stall of a neighbour should not end a ladder.
 */
export async function step(target: Target, rate: number, seconds: number, log: string[]): Promise<boolean> {
  for (let attempt = 1; attempt <= 2; attempt++) {
    const phase = await drive(target, rate, seconds);
    const p99 = percentile(phase.latencies, 99);
    const passed = phase.ok === phase.sent && p99 <= P99_LIMIT_MS;
    log.push(`${rate}:${passed ? 'ok' : 'FAIL'}(p99 ${fmt(p99)}${phase.ok < phase.sent ? `, lost ${phase.sent - phase.ok}` : ''})`);
    await settle(phase);
    if (passed) return true;
  }
  return false;
}
