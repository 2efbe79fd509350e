/** Limits shared by the server (enforced) and the clients (checked before sending). */
export const LIMITS = {
  /** Longest chat message body, in characters. */
  messageBody: 4000,
  /** Largest socket.io frame the server accepts, in bytes (socket.io `maxHttpBufferSize`). */
  maxPayloadBytes: 16 * 1024,
  name: 120,
  email: 254,
  clientId: 64,
  password: { min: 8, max: 200 },
  /** Longest note an agent adds to a chat transfer, in characters. */
  transferNote: 500,
} as const;
