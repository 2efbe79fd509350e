/**
 * The shape every socket command has: validate → service → ack → emit. A command never throws
 * to socket.io: CommandError becomes its code, anything else is logged and becomes `internal`.
 */
import type { z } from 'zod';
import { CommandError, fail, ok, type AckCallback } from '../../protocol/ack.ts';
import type { Delivery, Effects, Outcome } from '../services/outcome.ts';
import type { Logger } from '../src/logger.ts';

export interface CommandContext {
  effects: Effects;
  logger: Logger;
  /** the commands being carried out now; a graceful shutdown waits for them */
  running: Set<Promise<void>>;
}

/** A too-long message body is "too large"; every other schema failure is "invalid". */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const tooLong = parsed.error.issues.some((i) => i.code === 'too_big' && i.path[0] === 'body');
  throw new CommandError(tooLong ? 'payload_too_large' : 'invalid_payload');
}

export function deliver(ctx: CommandContext, events: readonly Delivery[]): void {
  for (const event of events) {
    try {
      event(ctx.effects);
    } catch (error) {
      ctx.logger.error('emit failed', { error });
    }
  }
}

/**
 * Builds a listener for one command. socket.io passes the ack last; an event sent without one is
 * ignored, since nobody would hear the answer.
 */
export function command<S extends z.ZodType, R>(
  ctx: CommandContext,
  name: string,
  schema: S,
  run: (input: z.infer<S>) => Promise<Outcome<R>>,
): (...args: [unknown, AckCallback<R>]) => void {
  return (...args: unknown[]) => {
    const ack = args.at(-1);
    if (typeof ack !== 'function') return;
    const reply = ack as AckCallback<R>;
    const input = args.length >= 2 ? args[0] : undefined;
    const task = (async () => {
      let outcome: Outcome<R>;
      try {
        outcome = await run(parseInput(schema, input));
      } catch (error) {
        if (error instanceof CommandError) return reply(fail(error.code));
        reply(fail('internal'));
        return ctx.logger.error('command failed', { command: name, error });
      }
      reply(ok(outcome.result));
      deliver(ctx, outcome.events);
    })();
    ctx.running.add(task);
    void task.finally(() => ctx.running.delete(task));
  };
}
