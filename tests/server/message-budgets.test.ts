/**
 * The order a visitor's sends reach the writer in: budget checks answer in any order (they wait on Redis
 * or the database), sends must not. Pure, without a server.
 */
import { describe, expect, it } from 'vitest';
import { inArrivalOrder } from '../../server/services/message-budgets.ts';

describe('a visitor socket admits its sends in arrival order', () => {
  it('hands sends to the writer in the order they came, whatever order their budget checks answer in', async () => {
    const inOrder = inArrivalOrder();
    const handedOver: number[] = [];
    const answers = [0, 1, 2].map(() => Promise.withResolvers<void>());
    const sends = [0, 1, 2].map((i) =>
      inOrder(
        () => answers[i]!.promise,
        async () => {
          handedOver.push(i);
          return i;
        },
      ),
    );
    // the checks answer last to first; a refused one lets the next go on
    answers[2]!.resolve();
    answers[1]!.reject(new Error('rate_limited'));
    answers[0]!.resolve();
    const settled = await Promise.allSettled(sends);
    expect(handedOver).toEqual([0, 2]);
    expect(settled.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  });
});
