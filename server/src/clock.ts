/** Time comes through this seam so tests can move it without waiting. */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

const CLOCK_SYNC_MS = 60_000;

/**
 * The database's clock, read through this process's: every stored time and every deadline compares on
 * one clock however far the machines of several processes drift. The offset is measured at start and
 * every minute (half the round trip counts as latency); between measurements `now()` costs nothing.
 */
export async function databaseClock(readDatabaseMs: () => Promise<number>): Promise<Clock & { stop(): void }> {
  let offset = 0;
  const measure = async () => {
    const before = Date.now();
    const db = await readDatabaseMs();
    const after = Date.now();
    offset = db - (before + after) / 2;
  };
  await measure();
  const timer = setInterval(() => void measure().catch(() => undefined), CLOCK_SYNC_MS);
  timer.unref();
  return { now: () => Math.round(Date.now() + offset), stop: () => clearInterval(timer) };
}
