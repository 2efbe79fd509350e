import { describe, expect, it } from 'vitest';
import type { MessageDTO } from '../../protocol/dto.ts';
import { createAgentEmits } from '../../server/src/agent-emits.ts';

function message(seq: number): MessageDTO {
  return { id: `m${seq}`, conversationId: 'c1', seq, clientId: `k${seq}`, author: 'visitor', authorName: null, body: `${seq}`, createdAt: seq };
}

function setup() {
  const sent: Array<{ agentId: string; event: string; args: unknown[] }> = [];
  const turns: Array<() => void> = [];
  const emits = createAgentEmits(
    (agentId) => ({ emit: (event: string, ...args: unknown[]) => sent.push({ agentId, event, args }) }) as never,
    (fn) => turns.push(fn),
  );
  const endTurn = () => turns.splice(0).forEach((fn) => fn());
  return { sent, emits, endTurn };
}

describe('agent emits', () => {
  it('sends nothing until the turn ends, then each run of messages to an agent as one messages:created', () => {
    const { sent, emits, endTurn } = setup();
    emits.agent('a').emit('message:created', message(1));
    emits.agent('a').emit('message:created', message(2));
    emits.agent('b').emit('message:created', message(3));
    expect(sent).toEqual([]);
    endTurn();
    expect(sent).toEqual([
      { agentId: 'a', event: 'messages:created', args: [[message(1), message(2)]] },
      { agentId: 'b', event: 'message:created', args: [message(3)] },
    ]);
  });

  it('keeps the order of other events between messages', () => {
    const { sent, emits, endTurn } = setup();
    const ended = { conversationId: 'c1' };
    emits.agent('a').emit('message:created', message(1));
    emits.agent('a').emit('message:created', message(2));
    emits.agent('a').emit('conversation:ended', ended as never);
    emits.agent('a').emit('message:created', message(3));
    endTurn();
    expect(sent.map((s) => s.event)).toEqual(['messages:created', 'conversation:ended', 'message:created']);
    expect(sent[2]!.args).toEqual([message(3)]);
  });

  it('flush sends what one agent was told at once, and nothing twice when the turn ends', () => {
    const { sent, emits, endTurn } = setup();
    emits.agent('a').emit('message:created', message(1));
    emits.agent('b').emit('message:created', message(2));
    emits.flush('a');
    expect(sent).toEqual([{ agentId: 'a', event: 'message:created', args: [message(1)] }]);
    endTurn();
    expect(sent.map((s) => s.agentId)).toEqual(['a', 'b']);
  });
});
