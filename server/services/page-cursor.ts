/**
 * The cursor of a newest-first page (the inbox, message search, the audit log): the time and id of the
 * page's last row, so that the next page starts strictly after it whatever was written meanwhile.
 * Opaque to clients (base64url of JSON); one that is not a cursor is the client's mistake.
 */
import { CommandError } from '../../protocol/ack.ts';

export interface PageCursor {
  at: number;
  id: string;
}

export function encodePageCursor(c: PageCursor): string {
  return Buffer.from(JSON.stringify([c.at, c.id])).toString('base64url');
}

/** Throws `invalid_payload` for anything `encodePageCursor` did not write. */
export function decodePageCursor(text: string): PageCursor {
  try {
    const [at, id] = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as unknown[];
    if (typeof at === 'number' && Number.isFinite(at) && typeof id === 'string') return { at, id };
  } catch {
    // falls through to the refusal below
  }
  throw new CommandError('invalid_payload');
}
