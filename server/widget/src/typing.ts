/**
 * Typing indicators in the widget: the agent's (shown for a while after each signal, since a "stopped"
 * can be lost) and the visitor's own (sent when typing starts and after a pause or on send).
 */
import type { TypingUpdate } from '../../../protocol/inbox.ts';

export const REMOTE_STALE_MS = 6_000;
export const LOCAL_PAUSE_MS = 3_000;

export interface TypingDeps {
  /** sends the visitor's state for the open conversation; failures do not matter, it is only a hint */
  send(conversationId: string, typing: boolean): void;
  conversationId(): string | null;
  onChange(): void;
}

export function createTyping(deps: TypingDeps) {
  let agentTyping = false;
  let staleTimer: ReturnType<typeof setTimeout> | undefined;
  let typingIn: string | null = null;
  let pauseTimer: ReturnType<typeof setTimeout> | undefined;

  function setAgentTyping(value: boolean): void {
    clearTimeout(staleTimer);
    if (value) staleTimer = setTimeout(() => setAgentTyping(false), REMOTE_STALE_MS);
    if (agentTyping === value) return;
    agentTyping = value;
    deps.onChange();
  }

  function stop(): void {
    clearTimeout(pauseTimer);
    if (typingIn) deps.send(typingIn, false);
    typingIn = null;
  }

  return {
    agentTyping: () => agentTyping,

    onRemote(update: TypingUpdate): void {
      if (update.author === 'agent' && update.conversationId === deps.conversationId()) setAgentTyping(update.typing);
    },

    /** An agent's message ends their typing. */
    onAgentMessage(): void {
      setAgentTyping(false);
    },

    keyPressed(): void {
      const id = deps.conversationId();
      if (!id) return;
      if (typingIn !== id) {
        stop();
        typingIn = id;
        deps.send(id, true);
      }
      clearTimeout(pauseTimer);
      pauseTimer = setTimeout(stop, LOCAL_PAUSE_MS);
    },

    stop,
  };
}
