/** Builds the whole service: database, HTTP API, socket.io namespaces, services and the offer sweep. */
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Server } from 'socket.io';
import { openDatabase } from '../db/connect.ts';
import { dueOffers } from '../db/offers.ts';
import type { Db } from '../db/schema.ts';
import { deliver } from '../handlers/command.ts';
import { createAdminHandler } from '../handlers/admin-http.ts';
import { createHttpHandler } from '../handlers/http.ts';
import type { ServiceDeps } from '../services/deps.ts';
import { activityRetention } from '../services/activities.ts';
import { announceAvailabilityChanges } from '../services/availability.ts';
import { endIdleChats } from '../services/idle.ts';
import { expireOffer } from '../services/offers.ts';
import type { Delivery } from '../services/outcome.ts';
import { createMessageWriter } from '../services/message-writer.ts';
import { createLocalPresence } from '../services/presence.ts';
import { serveQueue } from '../services/queue.ts';
import { createFailureLimiter } from '../services/rate-limit.ts';
import { systemClock, type Clock } from './clock.ts';
import type { AppConfig } from './config.ts';
import { consoleLogger, type Logger } from './logger.ts';
import { createSockets } from './sockets.ts';

export interface AppDeps {
  clock?: Clock;
  logger?: Logger;
  /** run sweep() every SWEEP_INTERVAL_MS (default true); tests turn it off and call sweep() */
  autoSweep?: boolean;
}

export interface App {
  config: AppConfig;
  db: Db;
  io: Server;
  httpServer: HttpServer;
  listen(port?: number, host?: string): Promise<{ port: number; url: string }>;
  /**
   * processes due work once: offers past their deadline expire and their chats move on, availability
   * changes are announced, the queue is served in order, idle chats end. Everything it acts on is
   * stored, so the sweep of a new process resumes what a stopped one left.
   */
  sweep(): Promise<void>;
  close(): Promise<void>;
}

const LOGIN_FAILURES = { max: 10, windowMs: 5 * 60_000 };
const SWEEP_BATCH = 100;

export async function createApp(config: AppConfig, deps: AppDeps = {}): Promise<App> {
  const clock = deps.clock ?? systemClock;
  const logger = deps.logger ?? consoleLogger;
  const database = await openDatabase(config);
  const db = database.db;
  const services: ServiceDeps = {
    db,
    clock,
    config,
    presence: createLocalPresence(clock, config.presenceGraceMs),
    wake: () => wake(),
  };
  services.messageWriter = createMessageWriter(services);

  // the HTTP handler must exist before socket.io attaches, which then routes only its own paths past it
  const httpServer = createServer(
    createHttpHandler({
      db,
      clock,
      logger,
      config,
      loginLimiter: createFailureLimiter({ ...LOGIN_FAILURES, clock }),
      onTokenRevoked: (tokenHash) => sockets.closeSession(tokenHash),
      admin: createAdminHandler({ db, clock, config }),
    }),
  );
  const sockets = createSockets(httpServer, config, services, logger);

  const retention = activityRetention(services);
  async function sweepOnce(): Promise<void> {
    for (const offer of await dueOffers(db, clock.now(), SWEEP_BATCH)) {
      try {
        deliver(sockets.ctx, await expireOffer(services, offer));
      } catch (error) {
        logger.error('offer expiry failed', { offerId: offer.id, error });
      }
    }
    const phases: Array<[string, () => Promise<Delivery[]>]> = [
      ['availability announcement', () => announceAvailabilityChanges(services)],
      ['queue', () => serveQueue(services)],
      ['idle timeout', () => endIdleChats(services)],
      ['activity retention', retention],
    ];
    for (const [name, phase] of phases) {
      try {
        deliver(sockets.ctx, await phase());
      } catch (error) {
        logger.error(`${name} failed`, { error });
      }
    }
  }

  // one sweep at a time: a slow database must not pile up overlapping runs
  let closed = false;
  let running: Promise<void> | null = null;
  let again = false;
  const sweep = (): Promise<void> => {
    running ??= sweepOnce().finally(() => {
      running = null;
      if (again) {
        again = false;
        wake();
      }
    });
    return running;
  };
  // capacity or availability changed: with the automatic sweep on, run one now instead of within a second
  const wake = (): void => {
    if (deps.autoSweep === false || closed) return;
    if (running) again = true;
    else sweep().catch((error: unknown) => logger.error('sweep failed', { error }));
  };
  const timer =
    deps.autoSweep === false
      ? null
      : setInterval(() => sweep().catch((error: unknown) => logger.error('sweep failed', { error })), config.sweepIntervalMs);
  timer?.unref();

  return {
    config,
    db,
    io: sockets.io,
    httpServer,
    listen(port = config.port, host = config.host) {
      return new Promise((resolve, reject) => {
        httpServer.once('error', reject);
        httpServer.listen(port, host, () => {
          httpServer.off('error', reject);
          const actual = (httpServer.address() as AddressInfo).port;
          const shown = host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
          resolve({ port: actual, url: `http://${shown}:${actual}` });
        });
      });
    },
    sweep,
    async close() {
      closed = true;
      if (timer) clearInterval(timer);
      await running?.catch(() => undefined);
      await sockets.io.close();
      await services.messageWriter?.flush().catch(() => undefined);
      await database.close();
    },
  };
}
