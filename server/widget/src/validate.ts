/**
 * Client-side checks that mirror protocol/schemas.ts, so the visitor hears about a typo at once instead
 * of from a rejected command. The widget does not bundle zod (it would triple the widget's size); a unit
 * test keeps these rules in step with the schemas.
 */
import { LIMITS } from '../../../protocol/limits.ts';
import type { MessageId } from './i18n.ts';

/** zod 4's `z.email()` pattern, copied so both ends agree on what an email address is. */
const EMAIL = /^(?:[A-Za-z0-9_'+\-]+\.)*[A-Za-z0-9_'+\-]*[A-Za-z0-9_+-]@(?:[A-Za-z0-9][A-Za-z0-9\-]*\.)+[A-Za-z]{2,}$/;

export type StartFormResult =
  | { ok: true; value: { name: string; email: string } }
  | { ok: false; field: 'name' | 'email'; error: MessageId; params?: Record<string, number> };

export function validateStartForm(input: { name: string; email: string }): StartFormResult {
  const name = input.name.trim();
  const email = input.email.trim();
  if (!name) return { ok: false, field: 'name', error: 'nameRequired' };
  if (name.length > LIMITS.name) return { ok: false, field: 'name', error: 'nameTooLong', params: { max: LIMITS.name } };
  if (!email) return { ok: false, field: 'email', error: 'emailRequired' };
  if (email.length > LIMITS.email || !EMAIL.test(email)) return { ok: false, field: 'email', error: 'emailInvalid' };
  return { ok: true, value: { name, email } };
}

/** null when the body can be sent; otherwise why not (an empty body is simply not sent). */
export function checkMessageBody(body: string): 'empty' | 'tooLong' | null {
  if (body.trim().length === 0) return 'empty';
  if (body.length > LIMITS.messageBody) return 'tooLong';
  return null;
}

/** The page address for `chat:start`, left out when the schema would reject it. */
export function pageUrlFor(href: string): string | undefined {
  return href.length <= 2000 && /^https?:\/\//.test(href) ? href : undefined;
}
