import { describe, expect, it } from 'vitest';
import { CommandError } from '../../protocol/ack.ts';
import { decodePageCursor, encodePageCursor } from '../../server/services/page-cursor.ts';

const cursorOf = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('page cursors (inbox, search, audit log)', () => {
  it('give back the time and id they were made of, as URL-safe text', () => {
    const cursor = encodePageCursor({ at: 1_767_225_600_123, id: '0194f1c2-7d2e-7abc-8def-000000000001' });
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodePageCursor(cursor)).toEqual({ at: 1_767_225_600_123, id: '0194f1c2-7d2e-7abc-8def-000000000001' });
  });

  it('refuse anything they did not write with invalid_payload', () => {
    for (const text of ['not-a-cursor', '', cursorOf({ at: 1, id: 'x' }), cursorOf([1]), cursorOf(['1', 'x']), cursorOf([1, 2]), cursorOf([null, 'x'])]) {
      let refusal: unknown;
      try {
        decodePageCursor(text);
      } catch (error) {
        refusal = error;
      }
      expect(refusal, text).toBeInstanceOf(CommandError);
      expect((refusal as CommandError).code, text).toBe('invalid_payload');
    }
  });
});
