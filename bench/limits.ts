/**
 * Budgets for the load benches: one generator on one address drives visitors far chattier than people,
 * and the benches measure routing and storage, not the abuse budgets.
 */
export const BENCH_LIMITS = {
  LIMIT_SESSIONS_PER_ADDRESS: '100000',
  LIMIT_CHATS_PER_ADDRESS: '100000',
  LIMIT_CONNECTIONS_PER_ADDRESS: '1000000',
  LIMIT_MESSAGE_BURST: '100000',
  LIMIT_MESSAGES_PER_VISITOR: '1000000',
  LIMIT_MESSAGES_PER_CONVERSATION: '1000000',
} as const;
