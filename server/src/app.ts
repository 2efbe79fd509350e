/** Builds the whole service: database, HTTP API, socket.io namespaces, services and the offer sweep. */
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Server } from 'socket.io';
import { openDatabase } from '../db/connect.ts';
import { dueOffers } from '../db/offers.ts';
import type { Db } from '../db/schema.ts';
import { deliver } from '../handlers/command.ts';
import { createHttpHandler } from '../handlers/http.ts';
import type { ServiceDeps } from '../services/deps.ts';
import { expireOffer } from '../services/offers.ts';
import { createLocalPresence } from '../services/presence.ts';
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
  /** processes due work once: offers past their deadline expire and their chats move on */
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
  const services: ServiceDeps = { db, clock, config, presence: createLocalPresence() };

  // the HTTP handler must exist before socket.io attaches, which then routes only its own paths past it
  const httpServer = createServer(
    createHttpHandler({
      db,
      clock,
      logger,
      config,
      loginLimiter: createFailureLimiter({ ...LOGIN_FAILURES, clock }),
      onTokenRevoked: (tokenHash) => sockets.closeSession(tokenHash),
    }),
  );
  const sockets = createSockets(httpServer, config, services, logger);

  async function sweepOnce(): Promise<void> {
    for (const offer of await dueOffers(db, clock.now(), SWEEP_BATCH)) {
      try {
        deliver(sockets.ctx, await expireOffer(services, offer));
      } catch (error) {
        logger.error('offer expiry failed', { offerId: offer.id, error });
      }
    }
  }

  // one sweep at a time: a slow database must not pile up overlapping runs
  let running: Promise<void> | null = null;
  const sweep = (): Promise<void> => {
    running ??= sweepOnce().finally(() => {
      running = null;
    });
    return running;
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
      if (timer) clearInterval(timer);
      await running?.catch(() => undefined);
      await sockets.io.close();
      await database.close();
    },
  };
}
