/**
 * The host page's API, `window.Switchboard`. A page may call it before widget.js has loaded, so it
 * queues calls on a stub the page defines itself; the widget replays the queue and replaces the stub:
 *
 *   window.Switchboard = window.Switchboard || { q: [], identify(a) { this.q.push(['identify', a]); } };
 *   Switchboard.identify({ name: 'Ana', email: 'ana@example.com', issuedAt: 1767225600, signature: '…' });
 *
 * (`Switchboard.q.push(['identify', {…}])` works the same.) Values are only tidied here; the server
 * validates them against the schema.
 */
import type { VisitorIdentifyInput } from '../../../protocol/meetings.ts';

const TEXT_KEYS = ['name', 'email', 'jobTitle', 'phone', 'crmStatus', 'company', 'signature'] as const;

/** Keeps the known attributes that are non-empty strings; custom fields must map names to strings. */
export function cleanIdentity(raw: unknown): VisitorIdentifyInput | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const input = raw as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key of TEXT_KEYS) {
    const value = input[key];
    if (typeof value === 'string' && value.trim()) out[key] = value.trim();
  }
  if (typeof input.issuedAt === 'number' && Number.isInteger(input.issuedAt)) out.issuedAt = input.issuedAt;
  if (typeof input.custom === 'object' && input.custom !== null) {
    const custom = Object.fromEntries(
      Object.entries(input.custom as Record<string, unknown>)
        .filter((e): e is [string, string | number | boolean] => ['string', 'number', 'boolean'].includes(typeof e[1]))
        .map(([k, v]) => [k, String(v)]),
    );
    if (Object.keys(custom).length > 0) out.custom = custom;
  }
  return Object.keys(out).length > 0 ? (out as VisitorIdentifyInput) : null;
}

export interface HostApi {
  identify(attributes: unknown): void;
  /** kept so a page script that pushes after the widget loaded still reaches it */
  q: { push(call: unknown): number };
}

type QueuedCall = [string, unknown];
const isCall = (v: unknown): v is QueuedCall => Array.isArray(v) && typeof v[0] === 'string';

/** Installs `window.Switchboard`, first running whatever the page queued on its stub. */
export function installHostApi(win: { Switchboard?: unknown }, onIdentify: (input: VisitorIdentifyInput) => void): HostApi {
  const run = (call: unknown) => {
    if (!isCall(call) || call[0] !== 'identify') return;
    const input = cleanIdentity(call[1]);
    if (input) onIdentify(input);
  };
  const stub = win.Switchboard as { q?: unknown } | undefined;
  const queued = Array.isArray(stub?.q) ? (stub.q as unknown[]) : [];
  const api: HostApi = {
    identify: (attributes) => run(['identify', attributes]),
    q: {
      push(call) {
        run(call);
        return 0;
      },
    },
  };
  win.Switchboard = api;
  for (const call of queued) run(call);
  return api;
}
