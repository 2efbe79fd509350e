/** Builds the whole service: database, HTTP API, socket.io namespaces, presence, services and the sweep. */
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import type { Server } from 'socket.io';
import { openDatabase, type Database } from '../db/connect.ts';
import type { Db } from '../db/schema.ts';
import { indexPendingMessages } from '../db/search-index.ts';
import { holdSingleProcessLock, type SingleProcessLock } from '../db/single-process.ts';
import { createAdminHandler } from '../handlers/admin-http.ts';
import { deliver } from '../handlers/command.ts';
import { createHttpHandler } from '../handlers/http.ts';
import { activityRetention } from '../services/activities.ts';
import { announceAvailabilityChanges } from '../services/availability.ts';
import type { ServiceDeps } from '../services/deps.ts';
import { releaseDisabledAgents } from '../services/disable.ts';
import { dataRetention } from '../services/retention.ts';
import { endIdleChats } from '../services/idle.ts';
import { createMessageWriter } from '../services/message-writer.ts';
import { expireDueOffers } from '../services/offers.ts';
import { createPresence, NODE_HEARTBEAT_MS, NODE_TTL_MS } from '../services/presence.ts';
import { serveQueue } from '../services/queue.ts';
import { createLimits, createMemoryCounters } from '../services/rate-limit.ts';
import { siteOrigins } from '../services/site-origins.ts';
import { databaseClock, systemClock, type Clock } from './clock.ts';
import type { AppConfig } from './config.ts';
import { consoleLogger, type Logger } from './logger.ts';
import { connectRedis, type RedisLink } from './redis.ts';
import { createSockets } from './sockets.ts';
import { createSweeper, type SweepPhase } from './sweep.ts';

export interface AppDeps {
  clock?: Clock;
  logger?: Logger;
  /** run the sweep every SWEEP_INTERVAL_MS and soon after capacity frees (default true); tests turn it off and call sweep() */
  autoSweep?: boolean;
  /** how the service waits on purpose (a slowed-down sign-in); tests record instead of waiting */
  sleep?: (ms: number) => Promise<void>;
  /** told the number of sends in each group commit of messages (the load bench counts them) */
  onMessageCommit?: (sends: number) => void;
}

export interface App {
  config: AppConfig;
  db: Db;
  io: Server;
  httpServer: HttpServer;
  /** this process's id in the shared presence */
  nodeId: string;
  listen(port?: number, host?: string): Promise<{ port: number; url: string }>;
  /**
   * processes due work once: dead processes' connections expire, disabled agents' chats move on, offers
   * past their deadline expire, availability changes are announced, the queue is served in order, idle
   * chats end. Everything it acts on is stored, so any process's sweep resumes what another left.
   */
  sweep(): Promise<void>;
  /** graceful: stop accepting, finish commands in flight, hand this process's agents their grace, close */
  close(): Promise<void>;
}

/** The clock every process shares: the database's (SQLite runs on this machine's own). */
function sharedClock(database: Database): Promise<Clock & { stop(): void }> | (Clock & { stop(): void }) {
  if (database.kind === 'sqlite') return { ...systemClock, stop: () => undefined };
  return databaseClock(async () => {
    const { rows } = await sql<{ ms: number }>`select (extract(epoch from clock_timestamp()) * 1000)::bigint as ms`.execute(database.db);
    return Number(rows[0]!.ms);
  });
}

export async function createApp(config: AppConfig, deps: AppDeps = {}): Promise<App> {
  const logger = deps.logger ?? consoleLogger;
  const database = await openDatabase(config);
  const db = database.db;
  let lock: SingleProcessLock | null = null;
  let redis: RedisLink | null = null;
  let clock: Clock & { stop?(): void };
  try {
    if (database.kind === 'postgres' && !config.redisUrl) lock = await holdSingleProcessLock(config.databaseUrl!, config.databaseSchema);
    clock = deps.clock ?? (await sharedClock(database));
    if (config.redisUrl) redis = await connectRedis(config.redisUrl, config.redisPrefix, clock, logger);
  } catch (error) {
    await Promise.allSettled([lock?.release(), redis?.close(), database.close()]);
    throw error;
  }

  const presence = createPresence(db, clock, { graceMs: config.presenceGraceMs, nodeTtlMs: NODE_TTL_MS });
  // alone: nothing else can be running on this database, so every other registered process is gone
  await presence.start(redis === null);
  const services: ServiceDeps = { db, clock, config, presence, limits: createLimits(redis?.counters ?? createMemoryCounters(clock), logger) };
  services.messageWriter = createMessageWriter(services, { onCommit: deps.onMessageCommit });
  const sites = siteOrigins(db, config.siteOrigins);

  let accepting = true;
  const readiness = async () => {
    const answers = await sql`select 1`.execute(db).then(() => true, () => false);
    return { accepting, database: answers, ...(redis ? { redis: await redis.ping() } : {}) };
  };

  // the HTTP handler must exist before socket.io attaches, which then routes only its own paths past it
  const httpServer = createServer(
    createHttpHandler({
      db,
      clock,
      logger,
      config,
      limits: services.limits,
      siteOrigins: sites,
      sleep: deps.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
      readiness,
      onSessionRevoked: (sessionId) => sockets.closeSession(sessionId),
      admin: createAdminHandler({ db, clock, config, presence, deliver: (events) => deliver(sockets.ctx, events) }),
    }),
  );
  const sockets = createSockets(httpServer, config, services, logger, {
    adapter: redis?.adapter,
    scheduleSweep: () => sweeper.scheduleSweep(),
    siteOrigins: sites,
  });

  const phases: SweepPhase[] = [
    ['presence', async () => {
      await presence.reapDeadNodes();
      sockets.disconnectDisabledAgents(await presence.localSocketsOfDisabledAgents());
      return [];
    }],
    ['disabled agents', () => releaseDisabledAgents(services)],
    ['search index', async () => {
      await indexPendingMessages(db);
      return [];
    }],
    ['offer expiry', () => expireDueOffers(services, logger)],
    ['availability announcement', () => announceAvailabilityChanges(services)],
    ['queue', () => serveQueue(services)],
    ['idle timeout', () => endIdleChats(services)],
    ['activity retention', activityRetention(services)],
    ['data retention', dataRetention(services)],
  ];
  const sweeper = createSweeper({
    phases,
    deliver: (events) => deliver(sockets.ctx, events),
    logger,
    intervalMs: deps.autoSweep === false ? null : config.sweepIntervalMs,
  });
  const heartbeat = setInterval(
    () => void presence.heartbeat(() => sockets.liveAgentSockets()).catch((error: unknown) => logger.warn('heartbeat failed', { error })),
    NODE_HEARTBEAT_MS,
  );
  heartbeat.unref();

  let closing: Promise<void> | null = null;
  async function shutDown(): Promise<void> {
    accepting = false;
    // no new connections; sockets already open stay until their commands finish
    httpServer.close();
    clearInterval(heartbeat);
    await sweeper.stop();
    await sockets.drain(config.shutdownGraceMs);
    await services.messageWriter?.flush().catch(() => undefined);
    // this process's agents keep their grace: they reconnect to another process and lose nothing
    await presence.leave().catch((error: unknown) => logger.warn('leaving presence failed', { error }));
    await sockets.close();
    clock.stop?.();
    await Promise.allSettled([redis?.close(), lock?.release()]);
    await database.close();
  }

  return {
    config,
    db,
    io: sockets.io,
    httpServer,
    nodeId: presence.nodeId,
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
    sweep: () => sweeper.sweep(),
    close() {
      closing ??= shutDown();
      return closing;
    },
  };
}
