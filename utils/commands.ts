/**
 * Commands as the side panel sends them: each payload is checked against the wire contract's schema
 * where it is made, and refused as invalid_payload without bothering the background. The checks live
 * here, not in the worker, so the worker's bundle carries no validation library; the server checks
 * every payload again with the same schemas.
 */
import { COMMAND_SCHEMAS } from './command-schemas.ts';
import { commandFail, sendCommand as deliver } from './messaging.ts';

const post = deliver as (...args: unknown[]) => Promise<unknown>;

/** Sends a command to the background once its payload passes its schema (what the schema parsed). */
export const sendCommand = ((name: keyof typeof COMMAND_SCHEMAS, data?: unknown, ...rest: unknown[]) => {
  const schema = COMMAND_SCHEMAS[name];
  if (!schema) return post(name, data, ...rest);
  const parsed = schema.safeParse(data);
  return parsed.success ? post(name, parsed.data, ...rest) : Promise.resolve(commandFail('invalid_payload'));
}) as typeof deliver;
