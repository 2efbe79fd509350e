/**
 * Every client→server command is acknowledged with an Ack. Errors cross the wire as codes only.
 */
export const ERROR_CODES = [
  'invalid_payload', // the payload failed schema validation
  'payload_too_large', // the payload exceeded the size limit
  'unauthorized', // no valid token
  'forbidden', // authenticated, but not allowed to touch this resource
  'not_found', // no such resource (or not visible to the caller)
  'offer_expired', // the offer is no longer pending (timed out, declined, taken)
  'capacity_reached', // the agent already holds the maximum number of chats
  'conversation_ended', // the conversation is over; nothing more can be sent
  'conflict', // the state changed under the caller; refresh and retry
  'unreachable', // the agent a chat is handed to is not connected, or nobody in the team can take it now
  'rate_limited', // too many commands in a short time
  'internal', // an unexpected server error (details only in the server log)
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export type Ack<T> = { ok: true; data: T } | { ok: false; error: ErrorCode };

export type AckCallback<T> = (ack: Ack<T>) => void;

export function ok<T>(data: T): Ack<T> {
  return { ok: true, data };
}

export function fail(error: ErrorCode): { ok: false; error: ErrorCode } {
  return { ok: false, error };
}

/** Thrown by services to end a command with a given code; handlers turn it into an Ack. */
export class CommandError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message?: string) {
    super(message ?? code);
    this.code = code;
    this.name = 'CommandError';
  }
}
