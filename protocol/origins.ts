/**
 * Entries of an origin allow-list (the server's SITE_ORIGINS and AGENT_ORIGINS, the sites an admin adds
 * in the console), checked the same way by the server and the console. An entry is
 * - an exact origin: `https://shop.example.com`, `http://localhost:3000`;
 * - every subdomain of a domain: `https://*.example.com` (not `example.com` itself: list it too);
 * - any host of a scheme: `moz-extension://*`, because Firefox gives every install its own random id.
 * It names no path, and a port only when it is not the scheme's default. Lower case, hosts in their ASCII
 * form (`xn--…`), as browsers send them: `originEntryAsSent` writes a typed entry that way.
 */
export const ORIGIN_PATTERN = /^([a-z][a-z0-9+.-]*):\/\/(\*|\*\.[a-z0-9-]+(?:\.[a-z0-9-]+)+|[a-z0-9-]+(?:\.[a-z0-9-]+)*|\[[0-9a-f:]+\])(?::(\d{1,5}))?$/;

/** The parts of an allow-list entry; null: not one. */
export function originPatternParts(entry: string): { protocol: string; hostname: string; port: string | undefined } | null {
  const match = ORIGIN_PATTERN.exec(entry);
  if (!match) return null;
  const [, protocol, hostname, port] = match as unknown as [string, string, string, string | undefined];
  if (port !== undefined && Number(port) > 65_535) return null;
  return { protocol, hostname, port };
}

/**
 * Whether an admin may add `entry` as a site the widget runs on: an allow-list entry of a web page
 * (http or https) that names its host or domain. "Any host" is left to the server's SITE_ORIGINS.
 */
export function isSiteOriginEntry(entry: string): boolean {
  const parts = originPatternParts(entry);
  if (parts === null || parts.hostname === '*') return false;
  const defaultPort = WEB_DEFAULT_PORTS[parts.protocol];
  // a browser never sends the default port, so an entry naming it would match nobody
  return defaultPort !== undefined && parts.port !== defaultPort;
}

const WEB_DEFAULT_PORTS: Record<string, string> = { http: '80', https: '443' };

/** a scheme, an optional `*.`, a host and an optional port: the shape whose host `originEntryAsSent` may rewrite */
const ENTRY_PARTS = /^([a-z][a-z0-9+.-]*:\/\/)(\*\.)?([^/:?#@\s[\]]+)(:\d{1,5})?$/;
// eslint-disable-next-line no-control-regex
const ASCII = /^[\x00-\x7f]*$/;

/**
 * An allow-list entry as typed, written the way browsers send origins, for the checks above to judge:
 * trimmed, lower case, without the one final `/` of an address copied from the address bar, and with a
 * host in Unicode in its ASCII form (`https://bücher.example` → `https://xn--bcher-kva.example`, as the
 * URL standard converts it). Anything else is left as it is: what is not an entry stays not one.
 */
export function originEntryAsSent(typed: string): string {
  let entry = typed.trim().toLowerCase();
  const afterScheme = entry.indexOf('://') + 3;
  if (afterScheme > 2 && entry.indexOf('/', afterScheme) === entry.length - 1) entry = entry.slice(0, -1);
  const parts = ENTRY_PARTS.exec(entry);
  if (!parts || ASCII.test(parts[3]!)) return entry;
  let host: string;
  try {
    host = new URL(`http://${parts[3]}`).hostname;
  } catch {
    return entry;
  }
  return `${parts[1]}${parts[2] ?? ''}${host}${parts[4] ?? ''}`;
}
