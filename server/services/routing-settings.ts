/**
 * The routing settings in force: what an admin stored, else the server's environment. Read from the
 * database where they are used, never cached in a process, so an admin's change reaches every server
 * process at its next decision.
 */
import type { RoutingSettings } from '../../protocol/routing.ts';
import { storedSettings, storedSetting } from '../db/routing-config.ts';
import type { Db } from '../db/schema.ts';
import type { AppConfig } from '../src/config.ts';
import { fallbackMessagesOf } from './fallback-messages.ts';

/** The settings that are one number, named alike in the environment's config and in the stored settings. */
export type NumericSetting = 'maxOffers' | 'maxWaitMs' | 'queueMaxWaitMs' | 'offerTimeoutMs' | 'idleTimeoutMs' | 'maxChatsPerAgent';

/** The environment's values, the defaults of settings never stored. */
export type SettingDefaults = Pick<AppConfig, 'fallbackMessage' | 'fallbackBooking' | NumericSetting>;

export async function routingSettings(db: Db, config: SettingDefaults): Promise<RoutingSettings> {
  const stored = await storedSettings(db);
  const fallbackMessage = stored.fallbackMessage ?? config.fallbackMessage;
  return {
    fallbackMessage,
    fallbackMessages: fallbackMessagesOf(stored.fallbackMessages ?? {}, fallbackMessage),
    fallbackBooking: stored.fallbackBooking ?? config.fallbackBooking,
    maxOffers: stored.maxOffers ?? config.maxOffers,
    maxWaitMs: stored.maxWaitMs ?? config.maxWaitMs,
    queueMaxWaitMs: stored.queueMaxWaitMs ?? config.queueMaxWaitMs,
    offerTimeoutMs: stored.offerTimeoutMs ?? config.offerTimeoutMs,
    idleTimeoutMs: stored.idleTimeoutMs ?? config.idleTimeoutMs,
    maxChatsPerAgent: stored.maxChatsPerAgent ?? config.maxChatsPerAgent,
  };
}

/** One numeric setting in force, reading only its own row. */
export async function settingInForce<K extends NumericSetting>(db: Db, config: Pick<AppConfig, K>, key: K): Promise<number> {
  const stored = await storedSetting(db, key);
  return typeof stored === 'number' ? stored : config[key];
}

/** The capacity of an agent without one of their own (users.max_chats). */
export function capacitySetting(db: Db, config: Pick<AppConfig, 'maxChatsPerAgent'>): Promise<number> {
  return settingInForce(db, config, 'maxChatsPerAgent');
}
