import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { timeOrderedId } from '../../../protocol/ids.ts';

const v7 = z.uuid({ version: 'v7' });

/** The 48-bit time field of a version 7 UUID, read back. */
const timeOf = (id: string) => Number.parseInt(id.replaceAll('-', '').slice(0, 12), 16);

// the server's message ids and the clients' client ids alike
describe('timeOrderedId', () => {
  it('is a version 7 UUID with the RFC 9562 variant, by zod’s validator', () => {
    for (let i = 0; i < 1000; i++) expect(v7.safeParse(timeOrderedId()).success).toBe(true);
  });

  it('carries the given time in milliseconds in its first 48 bits', () => {
    for (const now of [0, 1, 255, 256, 1_767_225_600_000, 2 ** 48 - 1]) expect(timeOf(timeOrderedId(now))).toBe(now);
  });

  it('sorts as text in the order of its times, so new keys append to an index', () => {
    const times = [1_700_000_000_000, 1_700_000_000_001, 1_700_000_000_255, 1_700_000_000_256, 1_800_000_000_000];
    const ids = times.map((t) => timeOrderedId(t));
    expect([...ids].sort()).toEqual(ids);
  });

  it('differs between ids of the same millisecond (74 random bits), across refills of its random bytes', () => {
    // 512 ids per refill: 10,000 ids span about 20 of them
    const ids = new Set(Array.from({ length: 10_000 }, () => timeOrderedId(1_767_225_600_000)));
    expect(ids.size).toBe(10_000);
  });
});
