/** Sends a command to the background and reports a failure to the notices. */
import { commandFail, type CommandResult } from '../utils/messaging.ts';
import { useNoticesStore } from './notices.ts';

export async function runCommand<T>(send: () => Promise<CommandResult<T>>): Promise<CommandResult<T>> {
  // A rejected message means the worker could not be reached at all.
  const result = await send().catch(() => commandFail('offline'));
  if (!result.ok) useNoticesStore().show(result.error);
  return result;
}
