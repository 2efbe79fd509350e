/**
 * A Kysely query built and compiled once, then run many times with new values.
 *
 * Kysely builds a tree of frozen nodes and compiles it to SQL text on every call; on the message hot
 * path that was about a sixth of the server's busy time, for SQL that never changes. Here the query
 * is built once with a marker in place of every value, the compiled parameters are searched for the
 * markers, and each later run only fills those slots. Values the builder put in itself (a `+ 1`)
 * stay as they were. Anything that changes the SQL text (which column, how many items in an `in`
 * list) must be part of `shape`: one template is kept per shape.
 *
 * Templates are compiled against the root database (its dialect decides the SQL) and run on any
 * connection or transaction of it.
 */
import { CompiledQuery, PostgresAdapter, type Compilable } from 'kysely';
import { prepareOnPostgres } from './pg-prepared.ts';
import type { Db } from './schema.ts';

export type Values = Record<string, string | number | null | readonly string[]>;

interface Template {
  sql: string;
  /** for each compiled parameter: a value read from the run's values, or a constant */
  slots: Array<(values: Values) => unknown>;
}

const MARK = '\u0000precompiled:';

function markers(values: Values): { marked: Values; find: Map<string, (v: Values) => unknown> } {
  const marked: Values = {};
  const find = new Map<string, (v: Values) => unknown>();
  for (const [key, value] of Object.entries(values)) {
    if (Array.isArray(value)) {
      marked[key] = value.map((_, i) => {
        find.set(`${MARK}${key}.${i}`, (v) => (v[key] as readonly string[])[i]);
        return `${MARK}${key}.${i}`;
      });
    } else {
      marked[key] = `${MARK}${key}`;
      find.set(`${MARK}${key}`, (v) => v[key]);
    }
  }
  return { marked, find };
}

/** SQL text and its parameters, typed by the rows it answers. */
export interface Statement<R> {
  sql: string;
  parameters: unknown[];
  /** never set: carries the row type */
  readonly rows?: R[];
}

/**
 * The statement for each run's values: SQL text compiled once per shape, parameters filled in. A plain
 * object (Kysely's CompiledQuery freezes itself on every run), for a caller that runs it itself
 * (db/messages.ts runs its SQLite batches on the file directly).
 */
export function compiledOnce<V extends Values, R>(
  root: Db,
  shape: (values: V) => string,
  build: (db: Db, values: V) => Compilable<R>,
): (values: V) => Statement<R> {
  const templates = new Map<string, Template>();
  const onPostgres = root.getExecutor().adapter instanceof PostgresAdapter;
  function template(values: V): Template {
    const key = shape(values);
    let found = templates.get(key);
    if (!found) {
      const { marked, find } = markers(values);
      const compiled = build(root, marked as V).compile();
      const slots = compiled.parameters.map((p) => {
        const read = typeof p === 'string' ? find.get(p) : undefined;
        if (!read && typeof p === 'string' && p.startsWith(MARK)) throw new Error(`precompiled: unknown marker ${p}`);
        return read ?? (() => p);
      });
      // a value that became SQL text instead of a parameter would be frozen into every run
      if (compiled.sql.includes(MARK)) throw new Error('precompiled: a value was inlined into the SQL');
      // run over and over: PostgreSQL plans it once per connection
      if (onPostgres) prepareOnPostgres(compiled.sql);
      found = { sql: compiled.sql, slots };
      templates.set(key, found);
    }
    return found;
  }
  return (values) => {
    const t = template(values);
    return { sql: t.sql, parameters: t.slots.map((slot) => slot(values)) };
  };
}

/** A query compiled once per shape (compiledOnce), run on `trx`: the root database or one of its transactions. */
export function precompiled<V extends Values, R>(
  root: Db,
  shape: (values: V) => string,
  build: (db: Db, values: V) => Compilable<R>,
): (trx: Db, values: V) => Promise<R[]> {
  const compile = compiledOnce(root, shape, build);
  return async (trx, values) => {
    const { sql, parameters } = compile(values);
    return (await trx.executeQuery<R>(CompiledQuery.raw(sql, parameters))).rows;
  };
}
