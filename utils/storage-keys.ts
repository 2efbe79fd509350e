/**
 * storage.local's key for who is signed in (`agentItem` in storage.ts). Apart from storage.ts so that the
 * side panel's first-rows script, which runs before the panel's libraries load, reads the same key
 * without carrying the storage library.
 */
export const AGENT_KEY = 'agent';
