import { randomUUID } from 'node:crypto';
import type { VisitorSessionResult } from '../../protocol/dto.ts';
import { findOpenConversationOf } from '../db/conversations.ts';
import type { Db } from '../db/schema.ts';
import type { Clock } from '../src/clock.ts';
import { issueVisitorToken, verifyToken } from './auth.ts';

/**
 * A visitor keeps their token across page loads: a valid one is returned as it is, with the open
 * conversation to resume; anything else starts a new anonymous visitor.
 */
export async function visitorSession(db: Db, clock: Clock, token: string | undefined): Promise<VisitorSessionResult> {
  const visitorId = token ? await verifyToken(db, clock, 'visitor', token) : null;
  if (token && visitorId) {
    const open = await findOpenConversationOf(db, visitorId);
    return { token, conversationId: open?.id ?? null };
  }
  const id = randomUUID();
  await db
    .insertInto('visitors')
    .values({ id, name: null, email: null, job_title: null, phone: null, crm_status: null, created_at: clock.now() })
    .execute();
  return { token: await issueVisitorToken(db, clock, id), conversationId: null };
}

/** Whether the token still names a visitor (a reload, not a new session). */
export async function visitorSessionValid(db: Db, clock: Clock, token: string): Promise<boolean> {
  return (await verifyToken(db, clock, 'visitor', token)) !== null;
}
