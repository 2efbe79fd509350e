import { describe, expect, it } from 'vitest';
import { createSerialQueue } from '../../../entrypoints/background/queue.ts';

describe('serial queue', () => {
  it('starts a task only after the one before it has finished', async () => {
    const queue = createSerialQueue();
    const log: string[] = [];
    let releaseFirst!: () => void;
    const first = queue.run(async () => {
      log.push('first:start');
      await new Promise<void>((resolve) => (releaseFirst = resolve));
      log.push('first:end');
    });
    const second = queue.run(async () => {
      log.push('second');
    });
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(log).toEqual(['first:start']);
    releaseFirst();
    await Promise.all([first, second]);
    expect(log).toEqual(['first:start', 'first:end', 'second']);
  });

  it('keeps going after a task fails, and reports the failure of a pushed task', async () => {
    const errors: unknown[] = [];
    const queue = createSerialQueue((error) => errors.push(error));
    queue.push(() => Promise.reject(new Error('boom')));
    const after = await queue.run(async () => 'still runs');
    await queue.idle();
    expect(after).toBe('still runs');
    expect(errors).toEqual([new Error('boom')]);
  });
});
