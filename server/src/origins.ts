/**
 * Origin allow-lists. An entry is an exact origin (`https://example.com`) or a prefix ending in `*`
 * (`moz-extension://*`), because Firefox gives every install its own random extension id.
 */
const ORIGIN_PATTERN = /^[a-z][a-z0-9+.-]*:\/\/([a-z0-9.-]+(:\d{1,5})?|\[[0-9a-f:]+\](:\d{1,5})?|\*|[a-z0-9.-]*\*)$/;

export function isValidOriginPattern(entry: string): boolean {
  return ORIGIN_PATTERN.test(entry);
}

export function originAllowed(patterns: readonly string[], origin: string | undefined): boolean {
  if (!origin) return false;
  const candidate = origin.toLowerCase();
  return patterns.some((pattern) => {
    if (!pattern.endsWith('*')) return candidate === pattern;
    const prefix = pattern.slice(0, -1);
    const rest = candidate.slice(prefix.length);
    // the wildcard stands for one host or extension id, never for a path or another origin
    return candidate.startsWith(prefix) && rest.length > 0 && /^[a-z0-9.-]+(:\d{1,5})?$/.test(rest);
  });
}
