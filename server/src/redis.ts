/**
 * Redis for several processes: the socket.io adapter, so a fact emitted on one process reaches its
 * socket on any other, and the shared limits.
 *
 * The adapter is the official sharded one (Redis 7 sharded pub/sub) in its default "dynamic" mode:
 * every room has its own channel, and a process subscribes only to the rooms its own sockets are in.
 * Deliveries here go to one room per agent or visitor, so each process receives just the events of
 * its own sockets, where the classic adapter would send every event to every process.
 */
import { createShardedAdapter } from '@socket.io/redis-adapter';
import { createClient, type RedisClientType } from 'redis';
import { createRedisCounters, type Counters } from '../services/rate-limit.ts';
import type { Clock } from './clock.ts';
import type { Logger } from './logger.ts';

export interface RedisLink {
  adapter: ReturnType<typeof createShardedAdapter>;
  counters: Counters;
  /** whether Redis answers, for /readyz */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

const PING_TIMEOUT_MS = 1_000;

export async function connectRedis(url: string, prefix: string, clock: Clock, logger: Logger): Promise<RedisLink> {
  const pub: RedisClientType = createClient({ url });
  const sub: RedisClientType = pub.duplicate();
  // the clients reconnect by themselves; an error event without a listener would end the process
  for (const client of [pub, sub]) client.on('error', (error: unknown) => logger.warn('redis connection error', { error }));
  await Promise.all([pub.connect(), sub.connect()]);
  return {
    adapter: createShardedAdapter(pub, sub, { channelPrefix: `${prefix}:io` }),
    counters: createRedisCounters(pub, prefix, clock),
    async ping() {
      const timeout = new Promise<false>((resolve) => setTimeout(() => resolve(false), PING_TIMEOUT_MS).unref());
      return Promise.race([pub.ping().then((r) => r === 'PONG', () => false), timeout]);
    },
    async close() {
      await Promise.allSettled([pub.quit(), sub.quit()]);
    },
  };
}
