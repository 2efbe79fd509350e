/**
 * An agent's chat slots (SPEC R7): the one module that changes `users.active_chats` (chats they hold)
 * and `users.pending_offers` (offers waiting for their answer). Every change is a conditional update on
 * the agent's row, so two processes can never give an agent a chat beyond the maximum.
 *
 * An agent's capacity is their own `users.max_chats` when an admin set one, else the capacity setting
 * in force (`defaultMax`, services/routing-settings.ts): `capacityOf` in code, `capacitySql` in a query.
 */
import { sql, type RawBuilder } from 'kysely';
import type { Db } from './schema.ts';

/** The most chats the agent holds at once. */
export function capacityOf(user: { max_chats: number | null }, defaultMax: number): number {
  return user.max_chats ?? defaultMax;
}

/** The same in SQL, on a query over `users` (or its alias `table`). */
export function capacitySql(defaultMax: number, table = 'users'): RawBuilder<number> {
  return sql<number>`coalesce(${sql.ref(`${table}.max_chats`)}, ${sql.lit(Math.trunc(defaultMax))})`;
}

/** Gives the agent one more held chat if they hold fewer than their capacity; false: they are full. */
export async function takeChatSlot(trx: Db, agentId: string, defaultMax: number): Promise<boolean> {
  const took = await trx
    .updateTable('users')
    .set((eb) => ({ active_chats: eb('active_chats', '+', 1) }))
    .where('id', '=', agentId)
    .where('active_chats', '<', capacitySql(defaultMax))
    .executeTakeFirst();
  return took.numUpdatedRows === 1n;
}

/** A chat the agent held ended or left them. */
export async function releaseChatSlot(trx: Db, agentId: string): Promise<void> {
  await trx
    .updateTable('users')
    .set((eb) => ({ active_chats: eb('active_chats', '-', 1) }))
    .where('id', '=', agentId)
    .execute();
}

/**
 * Counts one more open offer for the agent, and stamps when they were last offered (round robin).
 * `defaultMax`: only while held chats plus open offers stay below their capacity (and the agent is
 * enabled); null: the offer is made whatever the load (a transfer to a named agent, who must still
 * have room to accept).
 */
export async function claimOfferSlot(trx: Db, agentId: string, defaultMax: number | null, now: number): Promise<boolean> {
  let update = trx
    .updateTable('users')
    .set((eb) => ({ pending_offers: eb('pending_offers', '+', 1), last_offered_at: now }))
    .where('id', '=', agentId);
  if (defaultMax !== null) {
    update = update.where('disabled', '=', 0).where((eb) => eb(eb('active_chats', '+', eb.ref('pending_offers')), '<', capacitySql(defaultMax)));
  }
  const claimed = await update.executeTakeFirst();
  return claimed.numUpdatedRows === 1n;
}

/** An open offer of the agent ended (answered, timed out or withdrawn). */
export async function releaseOfferSlot(trx: Db, agentId: string): Promise<void> {
  await trx
    .updateTable('users')
    .set((eb) => ({ pending_offers: eb('pending_offers', '-', 1) }))
    .where('id', '=', agentId)
    .execute();
}

/** Sets or clears (null) the agent's own capacity. */
export async function setOwnCapacity(trx: Db, agentId: string, maxChats: number | null): Promise<void> {
  await trx.updateTable('users').set({ max_chats: maxChats }).where('id', '=', agentId).execute();
}
