import { describe, expect, it } from 'vitest';
import { LIMITS } from '../../../protocol/limits.ts';
import { chatStartSchema } from '../../../protocol/schemas.ts';
import { checkMessageBody, pageUrlFor, validateStartForm } from '../../../server/widget/src/validate.ts';

describe('widget start form validation', () => {
  it('requires a name before anything else', () => {
    expect(validateStartForm({ name: '   ', email: 'ada@example.com' })).toEqual({ ok: false, field: 'name', error: 'nameRequired' });
  });

  it('requires an email address', () => {
    expect(validateStartForm({ name: 'Ada', email: '' })).toEqual({ ok: false, field: 'email', error: 'emailRequired' });
  });

  it('rejects an email address without a proper domain', () => {
    for (const email of ['ada', 'ada@', 'ada@example', '@example.com', 'ada @example.com']) {
      expect(validateStartForm({ name: 'Ada', email })).toMatchObject({ ok: false, field: 'email', error: 'emailInvalid' });
    }
  });

  it('rejects a name longer than the protocol allows', () => {
    expect(validateStartForm({ name: 'x'.repeat(LIMITS.name + 1), email: 'ada@example.com' })).toMatchObject({ ok: false, error: 'nameTooLong' });
  });

  it('returns trimmed values that the chat:start schema accepts', () => {
    const result = validateStartForm({ name: '  Ada Lovelace ', email: ' ada@example.com ' });
    expect(result).toEqual({ ok: true, value: { name: 'Ada Lovelace', email: 'ada@example.com' } });
    if (result.ok) expect(chatStartSchema.safeParse(result.value).success).toBe(true);
  });

  it('agrees with the protocol schema on which email addresses are valid', () => {
    const samples = ['a@b.co', 'first.last@sub.example.org', "o'neil+tag@example.com", 'a..b@example.com', '.a@example.com', 'a@-example.com', 'a@example.c', 'ü@example.com', 'a@b_c.com'];
    for (const email of samples) {
      const ours = validateStartForm({ name: 'Ada', email }).ok;
      const schema = chatStartSchema.safeParse({ name: 'Ada', email }).success;
      expect(ours, email).toBe(schema);
    }
  });
});

describe('widget message checks', () => {
  it('does not send blank messages and flags ones over the length limit', () => {
    expect(checkMessageBody(' \n ')).toBe('empty');
    expect(checkMessageBody('x'.repeat(LIMITS.messageBody + 1))).toBe('tooLong');
    expect(checkMessageBody('x'.repeat(LIMITS.messageBody))).toBeNull();
  });

  it('passes the page address only when the schema would accept it', () => {
    expect(pageUrlFor('https://acme.test/pricing?x=1')).toBe('https://acme.test/pricing?x=1');
    expect(pageUrlFor(`https://acme.test/${'a'.repeat(2000)}`)).toBeUndefined();
    expect(pageUrlFor('about:blank')).toBeUndefined();
  });
});
