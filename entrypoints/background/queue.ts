/**
 * Runs tasks one after another. Every write of server facts into Dexie goes through one queue, so a
 * catch-up pull and the events around it apply in the order they arrived.
 */
export interface SerialQueue {
  /** Runs the task after all earlier ones; resolves or rejects with its result. */
  run<T>(task: () => Promise<T>): Promise<T>;
  /** Like run, for event handlers that cannot wait: a failure is logged, never thrown. */
  push(task: () => Promise<unknown>): void;
  /** Resolves once every task queued so far has finished. */
  idle(): Promise<void>;
}

export function createSerialQueue(onError: (error: unknown) => void = console.error): SerialQueue {
  let tail: Promise<unknown> = Promise.resolve();

  function run<T>(task: () => Promise<T>): Promise<T> {
    const result = tail.then(task);
    tail = result.catch(() => undefined);
    return result;
  }

  return {
    run,
    push(task) {
      run(task).catch(onError);
    },
    async idle() {
      let seen: Promise<unknown>;
      do {
        seen = tail;
        await seen;
      } while (seen !== tail);
    },
  };
}
