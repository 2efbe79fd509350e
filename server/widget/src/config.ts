/**
 * Where the widget's server is: the origin its own <script> tag was loaded from, unless the tag names
 * another with `data-server`. Falls back to the page's origin when neither is usable.
 */
export function serverOrigin(script: { src: string; dataset: DOMStringMap } | null, pageHref: string): string {
  for (const candidate of [script?.dataset.server, script?.src]) {
    if (!candidate) continue;
    try {
      const url = new URL(candidate, pageHref);
      if (url.protocol === 'https:' || url.protocol === 'http:') return url.origin;
    } catch {
      // Not a URL: try the next candidate.
    }
  }
  return new URL(pageHref).origin;
}

/** The site key for routing (`data-site` on the tag), when it is one the server accepts. */
export function siteKeyOf(script: { dataset: DOMStringMap } | null): string | undefined {
  const key = script?.dataset.site;
  return key && /^[A-Za-z0-9_-]{1,64}$/.test(key) ? key : undefined;
}
