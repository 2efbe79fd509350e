/**
 * Checkpoints off the event loop. In WAL mode every commit appends the pages it changed to the log, and
 * by default the commit that takes the log past 1,000 pages also copies the log back into the database
 * and fsyncs both — on the service's one thread, 5–20 ms during which no socket is served. Here the
 * service's connection checkpoints only as a safety net (a log of `FALLBACK_PAGES`, should this thread
 * fall behind or fail), and a worker thread with a connection of its own checkpoints the log every
 * `everyMs`. A fully copied log is started over by the next commit, so the file stays small.
 */
import { Worker } from 'node:worker_threads';
import type { DatabaseSync } from 'node:sqlite';

/** The writer's own checkpoint threshold, in pages (4 KiB each): only if the thread falls behind. */
export const FALLBACK_PAGES = 4_000;

export interface CheckpointRun {
  /** frames in the log when the checkpoint ran */
  log: number;
  /** frames copied into the database (all of them unless a reader held an older snapshot) */
  checkpointed: number;
}

export interface Checkpointer {
  /** Called after each checkpoint that found a non-empty log (tests watch it). */
  onCheckpoint(listener: (run: CheckpointRun) => void): void;
  /** Asks the thread to close its connection and end; resolves once it has (its connection may be the last). */
  close(): Promise<void>;
}

export function startCheckpointer(
  db: DatabaseSync,
  file: string,
  { everyMs = 500, onError = (error: Error) => process.emitWarning(error) }: { everyMs?: number; onError?: (error: Error) => void } = {},
): Checkpointer {
  db.exec(`PRAGMA wal_autocheckpoint = ${FALLBACK_PAGES}`);
  const worker = new Worker(new URL('./sqlite-checkpoint-worker.ts', import.meta.url), { workerData: { file, everyMs } });
  // the service's process ends when its own work does, not when this thread's timer says
  worker.unref();
  const listeners: Array<(run: CheckpointRun) => void> = [];
  let closed = false;
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  worker.on('message', (message: { kind: string } & CheckpointRun) => {
    if (message.kind === 'checkpointed') for (const listener of listeners) listener({ log: message.log, checkpointed: message.checkpointed });
  });
  // a failed thread leaves checkpoints to the writer's fallback: slower, never unsafe
  worker.on('error', (error) => {
    // closed before the thread had opened the file (a test's short life): nothing was left undone
    if (closed) return;
    if (db.isOpen) db.exec('PRAGMA wal_autocheckpoint = 1000');
    onError(error);
  });
  return {
    onCheckpoint: (listener) => void listeners.push(listener),
    close: () => {
      if (!closed) {
        // held by the thread again until it has closed its connection: otherwise a process with nothing
        // else left to do ends first, and whoever waits on `exited` is cut off with it
        worker.ref();
        worker.postMessage('close');
      }
      closed = true;
      return exited;
    },
  };
}
