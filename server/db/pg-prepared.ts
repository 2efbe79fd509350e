/**
 * PostgreSQL parses and plans a statement sent without a name every time it comes. For the statements
 * the hot paths send over and over (the message batch, the agent's sign-in check: everything compiled
 * once, db/precompiled.ts) that was more than the work itself: planning the message batch's statement
 * took 0.6–1 ms of PostgreSQL's CPU per batch (docs/BENCHMARKS.md). Those texts are registered here
 * and sent as named prepared statements instead: each connection parses them once and PostgreSQL
 * reuses the plan (a generic one, once it is as good as the custom ones). Any other text is sent
 * unnamed, as before, so a query whose text varies never fills a connection with statements.
 *
 * The name is derived from the text alone, so every connection and every process agrees on it.
 */
import { createHash } from 'node:crypto';
import pg from 'pg';

const names = new Map<string, string>();

/** the most texts kept: only statements compiled once register, so this is far above what the server has */
const MAX_PREPARED = 256;

/** Marks `sql` to be sent as a named prepared statement on PostgreSQL (a no-op past the cap). */
export function prepareOnPostgres(sql: string): void {
  if (names.has(sql) || names.size >= MAX_PREPARED) return;
  names.set(sql, `sb_${createHash('sha256').update(sql).digest('hex').slice(0, 24)}`);
}

/** The statement name `sql` is prepared under, if it is one of the registered texts. */
export function preparedNameOf(sql: string): string | undefined {
  return names.get(sql);
}

/** feature_not_supported: "cached plan must not change result type" */
const PLAN_RESULT_CHANGED = '0A000';

/**
 * The pool's client (`new pg.Pool({ Client: PreparingClient })`): a registered text, as Kysely sends
 * it (`query(text, values)`), goes out named; everything else passes through untouched.
 *
 * A prepared statement that selects whole rows stops working on its connection when a migration adds
 * a column (another process's, during a rolling deploy): PostgreSQL refuses it with
 * PLAN_RESULT_CHANGED. That run is sent again unnamed, and so is that text from then on, on this
 * connection. Inside a transaction the refusal has already aborted it: its caller sees the error once.
 */
export class PreparingClient extends pg.Client {
  constructor(config?: string | pg.ClientConfig) {
    super(config);
    const send = this.query.bind(this) as (...args: unknown[]) => Promise<unknown> | undefined;
    const stale = new Set<string>();
    this.query = ((...args: unknown[]) => {
      const [text, values] = args;
      const name = args.length === 2 && typeof text === 'string' && Array.isArray(values) ? preparedNameOf(text) : undefined;
      if (!name || stale.has(name)) return send(...args);
      return send({ name, text, values })!.catch((error: unknown) => {
        if ((error as { code?: unknown }).code !== PLAN_RESULT_CHANGED) throw error;
        stale.add(name);
        return send(text, values);
      });
    }) as pg.Client['query'];
  }
}
