/**
 * Every extension storage key, declared once. The background writes them; the side panel reads and
 * watches them. The token never leaves the background except in the socket handshake and auth headers.
 */
import { storage } from 'wxt/utils/storage';
import type { AgentDTO } from '../protocol/dto.ts';

export const DEFAULT_SERVER_URL = 'http://localhost:3000';

/** 'syncing': connected and catching up with what was missed; 'online': exact again. */
export type ConnectionStatus = 'offline' | 'connecting' | 'syncing' | 'online';

export interface ConnectionState {
  status: ConnectionStatus;
  since: number;
}

export const serverUrlItem = storage.defineItem<string | null>('local:serverUrl', { fallback: null });
export const tokenItem = storage.defineItem<string | null>('local:token', { fallback: null });
export const agentItem = storage.defineItem<AgentDTO | null>('local:agent', { fallback: null });
export const connectionItem = storage.defineItem<ConnectionState>('local:connection', {
  fallback: { status: 'offline', since: 0 },
});
/** Preset by an enterprise policy (see public/managed_schema.json); read-only for the extension. */
export const managedServerUrlItem = storage.defineItem<string | null>('managed:serverUrl', { fallback: null });
