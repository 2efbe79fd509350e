/**
 * Commands as the side panel sends them: each payload is checked against the wire contract's schema
 * where it is made, and refused as invalid_payload without bothering the background. The checks live
 * here, not in the worker, so the worker's bundle carries no validation library; the server checks
 * every payload again with the same schemas.
 * The schemas (and zod) load apart from the panel's first screen: building them takes tens of
 * milliseconds that the first rows should not wait for. The panel starts loading them after its first
 * paint (loadCommandSchemas); a command sent earlier waits for them.
 */
import { commandFail, sendCommand as deliver } from './messaging.ts';

type Schemas = (typeof import('./command-schemas.ts'))['COMMAND_SCHEMAS'];
let loading: Promise<Schemas> | undefined;

export function loadCommandSchemas(): Promise<Schemas> {
  return (loading ??= import('./command-schemas.ts').then((module) => module.COMMAND_SCHEMAS));
}

const post = deliver as (...args: unknown[]) => Promise<unknown>;

/** Sends a command to the background once its payload passes its schema (what the schema parsed). */
export const sendCommand = (async (name: keyof Schemas, data?: unknown, ...rest: unknown[]) => {
  const schema = (await loadCommandSchemas())[name];
  if (!schema) return post(name, data, ...rest);
  const parsed = schema.safeParse(data);
  return parsed.success ? post(name, parsed.data, ...rest) : commandFail('invalid_payload');
}) as typeof deliver;
