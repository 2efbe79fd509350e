/** src/turn-batch.ts: lookups asked for in one turn go together, each key once, in chunks; failures reach their own batch only. */
import { describe, expect, it } from 'vitest';
import { batchedByTurn } from '../../server/src/turn-batch.ts';

/** A schedule run by hand, and a lookup that records what it was asked and answers keys it knows. */
function harness(known: Record<string, number>, maxKeys?: number) {
  const pending: Array<() => void> = [];
  const calls: string[][] = [];
  let fail: Error | null = null;
  const lookup = batchedByTurn<string, number>(
    async (keys) => {
      calls.push([...keys]);
      if (fail) throw fail;
      return new Map(keys.filter((k) => k in known).map((k) => [k, known[k]!]));
    },
    { schedule: (run) => pending.push(run), ...(maxKeys ? { maxKeys } : {}) },
  );
  const turn = () => pending.splice(0).forEach((run) => run());
  return { lookup, calls, turn, failWith: (error: Error | null) => (fail = error) };
}

describe('batchedByTurn', () => {
  it('answers the keys asked in one turn with one lookup, each key once, and undefined for a key not found', async () => {
    const { lookup, calls, turn } = harness({ a: 1, b: 2 });
    const answers = Promise.all([lookup('a'), lookup('b'), lookup('a'), lookup('missing')]);
    expect(calls).toEqual([]);
    turn();
    expect(await answers).toEqual([1, 2, 1, undefined]);
    expect(calls).toEqual([['a', 'b', 'missing']]);
  });

  it('asks again for a key asked after its batch went: each answer is read after it was asked', async () => {
    const { lookup, calls, turn } = harness({ a: 1 });
    const first = lookup('a');
    turn();
    await first;
    const second = lookup('a');
    turn();
    expect(await second).toBe(1);
    expect(calls).toEqual([['a'], ['a']]);
  });

  it('splits a turn with more keys than maxKeys into lookups of at most maxKeys', async () => {
    const keys = ['k1', 'k2', 'k3', 'k4', 'k5'];
    const { lookup, calls, turn } = harness(Object.fromEntries(keys.map((k, i) => [k, i])), 2);
    const answers = Promise.all(keys.map((k) => lookup(k)));
    turn();
    expect(await answers).toEqual([0, 1, 2, 3, 4]);
    expect(calls).toEqual([['k1', 'k2'], ['k3', 'k4'], ['k5']]);
  });

  it('fails every caller of a failed lookup, and the next turn looks up afresh', async () => {
    const { lookup, turn, failWith } = harness({ a: 1 });
    failWith(new Error('database gone'));
    const failed = [lookup('a'), lookup('b')];
    turn();
    for (const answer of failed) await expect(answer).rejects.toThrow('database gone');
    failWith(null);
    const next = lookup('a');
    turn();
    expect(await next).toBe(1);
  });

  it('fails the callers of a lookup that throws before returning a promise, and the process goes on', async () => {
    const pending: Array<() => void> = [];
    const lookup = batchedByTurn<string, number>(
      () => {
        throw new Error('thrown at once');
      },
      { schedule: (run) => pending.push(run) },
    );
    const answer = lookup('a');
    pending.splice(0).forEach((run) => run());
    await expect(answer).rejects.toThrow('thrown at once');
  });

  it('refuses a maxKeys that is not a positive integer', () => {
    expect(() => batchedByTurn(async () => new Map(), { maxKeys: 0 })).toThrow(RangeError);
  });
});
