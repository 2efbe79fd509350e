/** How many messages of a chat the agent has not read: only an open chat has any. */
export function unreadCount(conversation: { status: string; lastSeq: number; readSeq?: number }): number {
  return conversation.status === 'active' ? Math.max(0, conversation.lastSeq - (conversation.readSeq ?? 0)) : 0;
}
