/** What an enterprise policy says about the server to sign in to (public/managed_schema.json). */
import { managedLockServerUrlItem, managedServerUrlItem } from './storage.ts';

export interface ServerPolicy {
  /** the address the policy presets, if any */
  serverUrl: string | null;
  /** true: the agent may sign in to `serverUrl` only (a lock without an address locks nothing) */
  locked: boolean;
}

export async function readServerPolicy(): Promise<ServerPolicy> {
  // Reading managed storage fails where no policy schema exists (Firefox without a policy).
  const [serverUrl, lock] = await Promise.all([
    managedServerUrlItem.getValue().catch(() => null),
    managedLockServerUrlItem.getValue().catch(() => false),
  ]);
  const preset = typeof serverUrl === 'string' && serverUrl.trim() ? serverUrl.trim() : null;
  return { serverUrl: preset, locked: preset !== null && lock === true };
}
