/** The routing settings in force: what an admin stored, else the server's environment. */
import type { RoutingSettings } from '../../protocol/routing.ts';
import { storedSettings } from '../db/routing-config.ts';
import type { Db } from '../db/schema.ts';
import type { ServiceDeps } from './deps.ts';
import { fallbackMessagesOf } from './fallback-messages.ts';

export async function routingSettings(db: Db, config: ServiceDeps['config']): Promise<RoutingSettings> {
  const stored = await storedSettings(db);
  const fallbackMessage = stored.fallbackMessage ?? config.fallbackMessage;
  return {
    fallbackMessage,
    fallbackMessages: fallbackMessagesOf(stored.fallbackMessages ?? {}, fallbackMessage),
    fallbackBooking: stored.fallbackBooking ?? config.fallbackBooking,
    maxOffers: stored.maxOffers ?? config.maxOffers,
    maxWaitMs: stored.maxWaitMs ?? config.maxWaitMs,
    queueMaxWaitMs: stored.queueMaxWaitMs ?? config.queueMaxWaitMs,
  };
}
