/**
 * Origin allow-lists, parsed and matched with URLPattern, never by comparing string prefixes; what an
 * entry may be is protocol/origins.ts.
 */
import { originPatternParts } from '../../protocol/origins.ts';

/** what a browser sends: a scheme and a host, nothing after it */
const ORIGIN = /^[a-z][a-z0-9+.-]*:\/\/[^/?#@\s]+$/;

interface OriginRule {
  pattern: URLPattern;
  anyHost: boolean;
}

function parse(entry: string): OriginRule | null {
  const parts = originPatternParts(entry);
  if (!parts) return null;
  const { protocol, hostname, port } = parts;
  try {
    return { pattern: new URLPattern({ protocol, hostname, port: port ?? '' }), anyHost: hostname === '*' };
  } catch {
    return null;
  }
}

export function isValidOriginPattern(entry: string): boolean {
  return parse(entry) !== null;
}

/** entries parsed once; an admin's list changes rarely, and a process that saw many starts afresh */
const cache = new Map<string, OriginRule | null>();
const CACHED_RULES = 1_000;
function rule(entry: string): OriginRule | null {
  if (cache.size >= CACHED_RULES) cache.clear();
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
