/**
 * The server's clock as the worker knows it: deadlines (offer expiry) are server times, and the local
 * clock may be minutes off. sync.ts stores the offset at every catch-up.
 */
import { db } from '../../utils/db.ts';

export async function serverNow(): Promise<number> {
  const offset = (await db.meta.get('clockOffset'))?.value;
  return Date.now() + (typeof offset === 'number' ? offset : 0);
}
