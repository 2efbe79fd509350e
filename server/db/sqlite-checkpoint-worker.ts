/**
 * The checkpointer's thread (see db/sqlite-checkpointer.ts): its own connection to the database file,
 * copying the write-ahead log back into the database every `everyMs`. A PASSIVE checkpoint takes no lock
 * a writer waits for; SQLite syncs the log before it copies and the database after.
 * Kept free of the project's imports: it runs as its own module in a worker thread.
 */
import { DatabaseSync } from 'node:sqlite';
import { parentPort, workerData } from 'node:worker_threads';

const { file, everyMs } = workerData as { file: string; everyMs: number };
const db = new DatabaseSync(file);
db.exec('PRAGMA synchronous = NORMAL');
const checkpoint = db.prepare('PRAGMA wal_checkpoint(PASSIVE)');

const timer = setInterval(() => {
  const { log, checkpointed } = checkpoint.get() as { busy: number; log: number; checkpointed: number };
  if (log > 0) parentPort!.postMessage({ kind: 'checkpointed', log, checkpointed });
}, everyMs);

parentPort!.on('message', (message: unknown) => {
  if (message !== 'close') return;
  clearInterval(timer);
  db.close();
  parentPort!.close();
});
