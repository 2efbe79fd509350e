import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createTyping, LOCAL_PAUSE_MS, REMOTE_STALE_MS } from '../../../server/widget/src/typing.ts';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

function setup(conversationId: string | null = 'c1') {
  const send = vi.fn();
  const onChange = vi.fn();
  const typing = createTyping({ send, conversationId: () => conversationId, onChange });
  return { typing, send, onChange };
}

describe('widget typing', () => {
  it('shows the agent typing, and hides it on "stopped", on their message, or after a silence', () => {
    const { typing, onChange } = setup();
    typing.onRemote({ conversationId: 'c1', author: 'agent', typing: true });
    expect(typing.agentTyping()).toBe(true);
    typing.onAgentMessage();
    expect(typing.agentTyping()).toBe(false);
    typing.onRemote({ conversationId: 'c1', author: 'agent', typing: true });
    vi.advanceTimersByTime(REMOTE_STALE_MS);
    expect(typing.agentTyping()).toBe(false);
    expect(onChange).toHaveBeenCalledTimes(4);
  });

  it('ignores typing from other conversations', () => {
    const { typing } = setup();
    typing.onRemote({ conversationId: 'other', author: 'agent', typing: true });
    expect(typing.agentTyping()).toBe(false);
  });

  it('sends "typing" once when the visitor starts and "stopped" after a pause or on send', () => {
    const { typing, send } = setup();
    typing.keyPressed();
    typing.keyPressed();
    expect(send.mock.calls).toEqual([['c1', true]]);
    vi.advanceTimersByTime(LOCAL_PAUSE_MS);
    expect(send.mock.calls).toEqual([['c1', true], ['c1', false]]);
    typing.keyPressed();
    typing.stop();
    expect(send.mock.calls.at(-1)).toEqual(['c1', false]);
    expect(send).toHaveBeenCalledTimes(4);
  });

  it('sends nothing without an active chat', () => {
    const { typing, send } = setup(null);
    typing.keyPressed();
    expect(send).not.toHaveBeenCalled();
  });
});
