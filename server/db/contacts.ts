/** Verified contacts (one per proven email) and the identity attributes stored on visitors. */
import { randomUUID } from 'node:crypto';
import type { Db } from './schema.ts';

export interface VisitorAttributes {
  name?: string;
  email?: string;
  jobTitle?: string;
  phone?: string;
  crmStatus?: string;
  company?: string;
  custom?: Record<string, string>;
}

/** The contact of a proven email, made on first use. Concurrent first uses meet on the unique email. */
export async function contactIdFor(db: Db, email: string, now: number): Promise<string> {
  const key = email.trim().toLowerCase();
  await db
    .insertInto('contacts')
    .values({ id: randomUUID(), email: key, created_at: now, updated_at: now })
    .onConflict((oc) => oc.column('email').doUpdateSet({ updated_at: now }))
    .execute();
  const row = await db.selectFrom('contacts').select('id').where('email', '=', key).executeTakeFirstOrThrow();
  return row.id;
}

/**
 * Stores what the host page said about the visitor. Attributes it left out keep their value, and so
 * does the contact link when `contactId` is undefined; null unlinks.
 */
export async function updateVisitorIdentity(
  db: Db,
  visitorId: string,
  attributes: VisitorAttributes,
  contactId: string | null | undefined,
): Promise<boolean> {
  const result = await db
    .updateTable('visitors')
    .set({
      ...(attributes.name !== undefined ? { name: attributes.name } : {}),
      ...(attributes.email !== undefined ? { email: attributes.email } : {}),
      ...(attributes.jobTitle !== undefined ? { job_title: attributes.jobTitle } : {}),
      ...(attributes.phone !== undefined ? { phone: attributes.phone } : {}),
      ...(attributes.crmStatus !== undefined ? { crm_status: attributes.crmStatus } : {}),
      ...(attributes.company !== undefined ? { company: attributes.company } : {}),
      ...(attributes.custom !== undefined ? { custom: JSON.stringify(attributes.custom) } : {}),
      ...(contactId !== undefined ? { contact_id: contactId } : {}),
    })
    .where('id', '=', visitorId)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Linked to a contact and still showing that contact's email (the chat form may have changed it). */
export async function visitorVerified(db: Db, visitorId: string): Promise<boolean> {
  const row = await db
    .selectFrom('visitors as v')
    .innerJoin('contacts as ct', 'ct.id', 'v.contact_id')
    .select(['v.email', 'ct.email as contact_email'])
    .where('v.id', '=', visitorId)
    .executeTakeFirst();
  return row !== undefined && row.contact_email === row.email?.toLowerCase();
}
