/**
 * The sweep: due work, read from the database, done in phases (offer deadlines, availability flips,
 * the queue, idle chats, …). Every process runs it every SWEEP_INTERVAL_MS; each item is claimed by a
 * conditional update, so when several processes sweep at once each item is done once, and a process
 * that starts or dies changes nothing about what is due.
 */
import type { Delivery } from '../services/outcome.ts';
import type { Logger } from './logger.ts';

export type SweepPhase = [name: string, run: () => Promise<Delivery[]>];

export interface Sweeper {
  /** one sweep now (or the one already running) */
  sweep(): Promise<void>;
  /** a sweep soon on this process, after the one running: capacity or availability changed */
  scheduleSweep(): void;
  /** stops the timer and waits for the running sweep */
  stop(): Promise<void>;
}

export interface SweeperOptions {
  phases: readonly SweepPhase[];
  deliver(events: readonly Delivery[]): void;
  logger: Logger;
  /** null: no timer and scheduleSweep does nothing (tests call sweep() themselves) */
  intervalMs: number | null;
}

export function createSweeper({ phases, deliver, logger, intervalMs }: SweeperOptions): Sweeper {
  let stopped = false;
  let running: Promise<void> | null = null;
  let again = false;

  async function sweepOnce(): Promise<void> {
    for (const [name, run] of phases) {
      try {
        deliver(await run());
      } catch (error) {
        logger.error(`${name} failed`, { error });
      }
    }
  }

  // one sweep at a time: a slow database must not pile up overlapping runs
  const sweep = (): Promise<void> => {
    running ??= sweepOnce().finally(() => {
      running = null;
      if (again) {
        again = false;
        scheduleSweep();
      }
    });
    return running;
  };

  const scheduleSweep = (): void => {
    if (intervalMs === null || stopped) return;
    if (running) again = true;
    else sweep().catch((error: unknown) => logger.error('sweep failed', { error }));
  };

  const timer = intervalMs === null ? null : setInterval(scheduleSweep, intervalMs);
  timer?.unref();

  return {
    sweep,
    scheduleSweep,
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      await running?.catch(() => undefined);
    },
  };
}
