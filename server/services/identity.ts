/**
 * Visitor identity (SPEC R9, R15). The host page may pass attributes; only an email signed with the
 * site secret proves who the visitor is. A proven email links the visitor to that email's contact,
 * whose activity history then follows them across browsers. An unproven email is stored on the
 * visitor alone and never links: anyone can type anyone's address.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IdentifyResult, VisitorIdentifyInput } from '../../protocol/meetings.ts';
import { contactIdFor, updateVisitorIdentity, visitorVerified } from '../db/contacts.ts';
import { findOpenConversationOf, getConversationDTO } from '../db/conversations.ts';
import { inTransaction } from '../db/tx.ts';
import type { ServiceDeps } from './deps.ts';
import { toAgent, type Delivery, type Outcome } from './outcome.ts';

/** What the host's server computes: hex HMAC-SHA256 of `${issuedAt}.${email}`, the email exactly as passed. */
export function signEmail(email: string, issuedAt: number, secret: string): string {
  return createHmac('sha256', secret).update(`${issuedAt}.${email}`, 'utf8').digest('hex');
}

/** A signature made a little ahead of the service's clock still counts: the two servers' clocks differ. */
const CLOCK_SKEW_MS = 5 * 60_000;

export interface SignedEmail {
  email: string;
  /** Unix seconds */
  issuedAt: number;
  signature: string;
}

/**
 * A signature proves the email only while it is fresh (at most `maxAgeMs` old), so one copied from a
 * page cannot be replayed for ever. Constant-time, so the answer's timing tells nothing about how much
 * of a guess was right.
 */
export function signatureValid(signed: SignedEmail, secret: string | null, now: number, maxAgeMs: number): boolean {
  if (!secret) return false;
  const age = now - signed.issuedAt * 1000;
  if (age > maxAgeMs || age < -CLOCK_SKEW_MS) return false;
  const expected = Buffer.from(signEmail(signed.email, signed.issuedAt, secret), 'hex');
  const given = Buffer.from(signed.signature, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * Stores the attributes. With a valid signature the visitor is linked to the email's contact; a
 * new email without one unlinks them; a statement without an email leaves the link as it was.
 * The agent of the visitor's active chat is told.
 */
export function identifyVisitor(deps: ServiceDeps, visitorId: string, input: VisitorIdentifyInput): Promise<Outcome<IdentifyResult>> {
  const { signature, issuedAt, ...attributes } = input;
  const { email } = attributes;
  const proven =
    email !== undefined &&
    signature !== undefined &&
    issuedAt !== undefined &&
    signatureValid({ email, issuedAt, signature }, deps.config.siteSecret, deps.clock.now(), deps.config.identityMaxAgeMs);
  return inTransaction(deps.db, async (trx) => {
    const now = deps.clock.now();
    // proven: link; another email unproven: unlink; no email: keep whatever link there is
    const contactId = proven ? await contactIdFor(trx, email, now) : email !== undefined ? null : undefined;
    await updateVisitorIdentity(trx, visitorId, attributes, contactId);
    const open = await findOpenConversationOf(trx, visitorId);
    const conversation = open ? await getConversationDTO(trx, open.id) : null;
    const events: Delivery[] = [];
    if (conversation?.agentId && conversation.status === 'active') {
      events.push(toAgent(conversation.agentId, 'visitor:updated', conversation));
    }
    return { result: { verified: await visitorVerified(trx, visitorId) }, events };
  });
}
