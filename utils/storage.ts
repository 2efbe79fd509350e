/**
 * Every extension storage key, declared once. The background writes them; the side panel reads and
 * watches them. The tokens never leave the background except in the socket handshake and requests to
 * the server.
 */
import { storage } from 'wxt/utils/storage';
import type { AgentDTO } from '../protocol/dto.ts';
import { AGENT_KEY } from './storage-keys.ts';

export const DEFAULT_SERVER_URL = 'http://localhost:3000';

/** 'syncing': connected and catching up with what was missed; 'online': exact again. */
export type ConnectionStatus = 'offline' | 'connecting' | 'syncing' | 'online';

export interface ConnectionState {
  status: ConnectionStatus;
  since: number;
}

export const serverUrlItem = storage.defineItem<string | null>('local:serverUrl', { fallback: null });

/** `expiresAt` by this browser's clock (the server says how long, not until when). */
export interface AccessToken {
  token: string;
  expiresAt: number;
}
/** Short-lived, in memory only: storage.session is never written to disk and is gone when the browser closes. */
export const accessTokenItem = storage.defineItem<AccessToken | null>('session:accessToken', { fallback: null });
/** Renews the access token; exchanged for a new one at every refresh. */
export const refreshTokenItem = storage.defineItem<string | null>('local:refreshToken', { fallback: null });
/** The 30-day token of versions before refresh tokens: only ever read to end that sign-in, and removed. */
export const legacyTokenItem = storage.defineItem<string | null>('local:token', { fallback: null });

export const agentItem = storage.defineItem<AgentDTO | null>(`local:${AGENT_KEY}`, { fallback: null });
export const connectionItem = storage.defineItem<ConnectionState>('local:connection', {
  fallback: { status: 'offline', since: 0 },
});
/** Preset by an enterprise policy (see public/managed_schema.json); read-only for the extension. */
export const managedServerUrlItem = storage.defineItem<string | null>('managed:serverUrl', { fallback: null });
/** Set by the same policy: with a `serverUrl`, the agent may sign in to that server only. */
export const managedLockServerUrlItem = storage.defineItem<boolean>('managed:lockServerUrl', { fallback: false });

/** The agent's alert choices (sound, message notifications), kept on this browser. */
export interface AlertSettings {
  sound: boolean;
  messageNotifications: boolean;
}
export const alertSettingsItem = storage.defineItem<AlertSettings>('local:alertSettings', {
  fallback: { sound: true, messageNotifications: true },
});

/**
 * The conversation the side panel shows right now (null when the panel is closed or hidden), so the
 * background does not notify about messages the agent is already reading.
 */
export const onScreenItem = storage.defineItem<string | null>('session:onScreen', { fallback: null });

/** What the panel should bring to the front: set when the agent clicks a notification. */
export type Focus = { kind: 'offer'; offerId: string } | { kind: 'conversation'; conversationId: string };
export const focusItem = storage.defineItem<Focus | null>('session:focus', { fallback: null });

/** Set when the server refused the token, so the sign-in screen can say why the agent is signed out. */
export const sessionExpiredItem = storage.defineItem<boolean>('local:sessionExpired', { fallback: false });

/** When a meeting in the agent's calendar was last booked or cancelled, so an open meetings list reloads. */
export const meetingsChangedItem = storage.defineItem<number>('local:meetingsChanged', { fallback: 0 });

/** The visitor's details unfolded above the chat in a narrow panel (folded to one line by default). */
export const visitorDetailsOpenItem = storage.defineItem<boolean>('local:visitorDetailsOpen', { fallback: false });
