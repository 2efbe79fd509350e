/**
 * What a visitor may send: a short burst, then a steady rate; a cap per conversation; and the bytes a
 * whole site may push per day. Keyed by visitor, conversation and site, never by socket, so
 * reconnecting refills nothing. A refused message is not stored; the widget keeps its text.
 */
import { CommandError } from '../../protocol/ack.ts';
import type { MessageSendInput } from '../../protocol/schemas.ts';
import type { VisitorLimits } from '../src/config.ts';
import type { Limits } from './rate-limit.ts';

/** the site whose routing a conversation used; null for the default site */
export type SiteOf = (conversationId: string) => Promise<string | null | undefined>;

export async function admitVisitorMessage(
  limits: Limits,
  budgets: VisitorLimits,
  visitorId: string,
  input: MessageSendInput,
  siteOf: SiteOf,
): Promise<void> {
  // in this order: the cheap per-visitor budgets refuse a flood before the shared ones count it
  const admitted =
    (await limits.takeInOrder([
      { budget: budgets.messageBurst, key: visitorId },
      { budget: budgets.messagesPerVisitor, key: visitorId },
      // with the visitor in the key, nobody can spend someone else's conversation budget
      { budget: budgets.messagesPerConversation, key: `${visitorId}:${input.conversationId}` },
    ])) && (await takeSiteBytes(limits, budgets, input, siteOf));
  if (!admitted) throw new CommandError('rate_limited');
}

async function takeSiteBytes(limits: Limits, budgets: VisitorLimits, input: MessageSendInput, siteOf: SiteOf): Promise<boolean> {
  const site = await siteOf(input.conversationId);
  // no such conversation: the writer refuses the send, and no site pays for it
  if (site === undefined) return true;
  return limits.take(budgets.bytesPerSite, site ?? 'default', Buffer.byteLength(input.body));
}

/**
 * A conversation's site never changes once it exists, so one socket may remember it: no extra read per
 * message, and nothing another process could change behind its back.
 */
export function rememberSites(read: (conversationId: string) => Promise<string | null | undefined>): SiteOf {
  const known = new Map<string, string | null | undefined>();
  return async (conversationId) => {
    if (known.has(conversationId)) return known.get(conversationId);
    const site = await read(conversationId);
    // an unknown conversation is refused later by the writer; do not remember it
    if (site !== undefined) known.set(conversationId, site);
    return site;
  };
}

/**
 * A visitor's sends are stored in the order they arrived, but a budget check waits for Redis or the
 * database, and those answers can come back in any order. So each socket admits its sends one after
 * another, and hands each to the writer only after the one before it was handed over (or refused);
 * the commits themselves still overlap.
 */
export function inArrivalOrder(): <T>(admit: () => Promise<void>, send: () => Promise<T>) => Promise<T> {
  let previous: Promise<unknown> = Promise.resolve();
  return (admit, send) => {
    // wrapped, so that handing over does not wait for the commit
    const handedOver = previous.then(admit).then(() => ({ sent: send() }));
    previous = handedOver.catch(() => undefined);
    return handedOver.then(({ sent }) => sent);
  };
}
