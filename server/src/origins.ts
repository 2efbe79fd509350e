/**
 * Origin allow-lists, parsed and matched with URLPattern, never by comparing string prefixes. An entry is
 * - an exact origin: `https://shop.example.com`, `http://localhost:3000`;
 * - every subdomain of a domain: `https://*.example.com` (not `example.com` itself: list it too);
 * - any host of a scheme: `moz-extension://*`, because Firefox gives every install its own random id.
 * A pattern names no path, and a port only when it is not the scheme's default.
 */
const ENTRY = /^([a-z][a-z0-9+.-]*):\/\/(\*|\*\.[a-z0-9-]+(?:\.[a-z0-9-]+)+|[a-z0-9-]+(?:\.[a-z0-9-]+)*|\[[0-9a-f:]+\])(?::(\d{1,5}))?$/;
/** what a browser sends: a scheme and a host, nothing after it */
const ORIGIN = /^[a-z][a-z0-9+.-]*:\/\/[^/?#@\s]+$/;

interface OriginRule {
  pattern: URLPattern;
  anyHost: boolean;
}

function parse(entry: string): OriginRule | null {
  const match = ENTRY.exec(entry);
  if (!match) return null;
  const [, protocol, hostname, port] = match as unknown as [string, string, string, string | undefined];
  try {
    return { pattern: new URLPattern({ protocol, hostname, port: port ?? '' }), anyHost: hostname === '*' };
  } catch {
    return null;
  }
}

export function isValidOriginPattern(entry: string): boolean {
  return parse(entry) !== null;
}

const cache = new Map<string, OriginRule | null>();
function rule(entry: string): OriginRule | null {
  if (!cache.has(entry)) cache.set(entry, parse(entry));
  return cache.get(entry)!;
}

export function originAllowed(patterns: readonly string[], origin: string | undefined): boolean {
  if (!origin) return false;
  const candidate = origin.toLowerCase();
  if (!ORIGIN.test(candidate)) return false;
  return patterns.some((entry) => {
    const r = rule(entry);
    return r !== null && r.pattern.test(candidate) && (!r.anyHost || !candidate.endsWith('://'));
  });
}
