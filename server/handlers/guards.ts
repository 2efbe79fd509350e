/** Handshake and per-event checks shared by both namespaces. */
import type { Socket } from 'socket.io';
import { fail } from '../../protocol/ack.ts';
import { LIMITS } from '../../protocol/limits.ts';
import type { OriginCheck } from '../services/site-origins.ts';
import type { Logger } from '../src/logger.ts';
import { originAllowed } from '../src/origins.ts';

type Next = (err?: Error) => void;

/**
 * A browser leaves out the Origin header on a same-origin GET, which is how socket.io's long-polling
 * handshake starts on the page that serves the widget (the demo site). There the request's own host is
 * its origin. Cross-origin requests from browsers always carry Origin, so nothing else gets through.
 */
function requestOrigin(handshake: Socket['handshake'], sameOriginFallback: boolean): string | undefined {
  const { origin, host } = handshake.headers;
  if (origin || !sameOriginFallback || !host) return origin;
  return `${handshake.secure ? 'https' : 'http'}://${host}`;
}

/**
 * Handshake middleware: refuses connections whose origin is not on the list, or not allowed by the
 * check (the visitor's sites: services/site-origins.ts).
 */
export function requireOrigin(allowed: readonly string[] | OriginCheck, options: { sameOriginFallback?: boolean } = {}) {
  const check: OriginCheck = typeof allowed === 'function' ? allowed : async (origin) => originAllowed(allowed, origin);
  return (socket: Pick<Socket, 'handshake'>, next: Next): void => {
    check(requestOrigin(socket.handshake, options.sameOriginFallback ?? false)).then(
      (admitted) => next(admitted ? undefined : new Error('forbidden')),
      () => next(new Error('internal')),
    );
  };
}

function payloadBytes(args: readonly unknown[]): number {
  try {
    return Buffer.byteLength(JSON.stringify(args) ?? '');
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}

/**
 * Per-event middleware: drops events without an ack callback, answers oversized payloads with
 * `payload_too_large`, and then runs `check` (e.g. is the agent still signed in?) before the handler.
 */
export function guardEvents(socket: Pick<Socket, 'use' | 'disconnect'>, logger: Logger, check?: () => Promise<boolean>): void {
  // the checks of one socket pass its events on in the order they came: two sends in flight must reach
  // the handlers (and get their sequence numbers) in the order the client sent them
  let previous: Promise<unknown> = Promise.resolve();
  socket.use((packet, next) => {
    const ack = packet.at(-1);
    if (typeof ack !== 'function') return;
    if (payloadBytes(packet.slice(1, -1)) > LIMITS.maxPayloadBytes) {
      ack(fail('payload_too_large'));
      return;
    }
    if (!check) return next();
    previous = previous.then(() =>
      check().then(
        (allowed) => {
          if (allowed) return next();
          ack(fail('unauthorized'));
          socket.disconnect(true);
        },
        (error: unknown) => {
          logger.error('event check failed', { error });
          ack(fail('internal'));
        },
      ),
    );
  });
}
