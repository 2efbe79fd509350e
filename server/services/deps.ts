import type { Db } from '../db/schema.ts';
import type { AppConfig } from '../src/config.ts';
import type { Clock } from '../src/clock.ts';
import type { MessageWriter } from './message-writer.ts';
import type { Presence } from './presence.ts';
import type { Limits } from './rate-limit.ts';

/** What the chat services work with; built once by createApp. */
export interface ServiceDeps {
  db: Db;
  clock: Clock;
  config: Pick<
    AppConfig,
    | 'offerTimeoutMs'
    | 'maxChatsPerAgent'
    | 'fallbackMessage'
    | 'fallbackBooking'
    | 'idleTimeoutMs'
    | 'maxOffers'
    | 'maxWaitMs'
    | 'queueMaxWaitMs' | 'siteOrigins' | 'passwordHashCost' | 'siteSecret' | 'activityRetentionDays' | 'chatRetentionDays' | 'identityMaxAgeMs' | 'visitorLimits'
  >;
  presence: Presence;
  limits: Limits;
  /** group commit for message:send; without it each send runs its own transaction */
  messageWriter?: MessageWriter;
}
