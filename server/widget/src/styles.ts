import css from './widget.css?inline';

/**
 * A constructed stylesheet is not subject to the page's Content-Security-Policy `style-src`, so the
 * widget keeps its looks on strict sites; a <style> element is the fallback for old browsers.
 */
export function applyStyles(root: ShadowRoot): void {
  if ('adoptedStyleSheets' in root && typeof CSSStyleSheet === 'function' && 'replaceSync' in CSSStyleSheet.prototype) {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    root.adoptedStyleSheets = [sheet];
    return;
  }
  const style = root.ownerDocument.createElement('style');
  style.textContent = css;
  root.append(style);
}
