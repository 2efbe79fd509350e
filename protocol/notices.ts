/**
 * Lines the service writes into a chat (an agent joined, the chat ended …) carry a notice: a code
 * and its parameters, which every client says in its reader's language from its own table. The
 * message body keeps an English text for clients that know no notices, and rows from before notices
 * have only that text. Outbound only: no client sends a notice, so there is no schema.
 */
export type MessageNotice =
  | { kind: 'agent_joined'; name: string }
  | { kind: 'chat_ended'; by: 'visitor' }
  | { kind: 'chat_ended'; by: 'agent'; name: string }
  /** `minutes`: the idle limit, rounded; 0 when it is under a minute */
  | { kind: 'idle_ended'; minutes: number }
  /** the agent was disabled; the chat is being routed to someone else */
  | { kind: 'agent_unavailable'; name: string }
  /** the chat was transferred: the visitor now chats with this agent */
  | { kind: 'agent_transferred'; name: string };

/** The texts a client's table needs for notices: one per wording, so a plural or a missing name picks its own. */
export const NOTICE_TEXTS = [
  'agentJoined',
  'endedByVisitor',
  'endedByAgent',
  'idleEnded',
  'idleEndedMinute',
  'idleEndedShort',
  'agentUnavailable',
  'agentTransferred',
] as const;
export type NoticeText = (typeof NOTICE_TEXTS)[number];

/**
 * Which text says the notice, and the values for its `{placeholders}`; null for a kind this build does
 * not know (a newer server's), whose body the client shows instead.
 */
export function noticeText(notice: MessageNotice): { text: NoticeText; params: Record<string, string | number> } | null {
  switch (notice.kind) {
    case 'agent_joined':
      return { text: 'agentJoined', params: { name: notice.name } };
    case 'chat_ended':
      return notice.by === 'agent' ? { text: 'endedByAgent', params: { name: notice.name } } : { text: 'endedByVisitor', params: {} };
    case 'idle_ended': {
      const text = notice.minutes > 1 ? 'idleEnded' : notice.minutes === 1 ? 'idleEndedMinute' : 'idleEndedShort';
      return { text, params: { minutes: notice.minutes } };
    }
    case 'agent_unavailable':
      return { text: 'agentUnavailable', params: { name: notice.name } };
    case 'agent_transferred':
      return { text: 'agentTransferred', params: { name: notice.name } };
    default:
      return null;
  }
}
