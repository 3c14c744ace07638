// The view's own sanitiser: every HTML fragment from the server passes DOMPurify with the
// allow-list of the protocol before it touches the view's DOM. Shared by the webview script and
// the unit test (which runs DOMPurify on a jsdom window), so both check the very same rules.
// Typed without DOM types: the root tsconfig (server, tests) has no DOM library.
import { ALLOWED_ATTR, ALLOWED_TAGS, SAFE_HREF, SAFE_SRC } from '../../../../shared/protocol';

/** The part of DOMPurify's API used here. */
export interface Purifier {
  sanitize(html: string, config: Record<string, unknown>): unknown;
  addHook(hook: 'uponSanitizeAttribute', cb: (node: unknown, data: { attrName: string; attrValue: string; keepAttr: boolean }) => void): void;
  removed: unknown[];
}

export const PURIFY_CONFIG: Record<string, unknown> = {
  ALLOWED_TAGS,
  ALLOWED_ATTR,
  ALLOW_DATA_ATTR: false,
  ALLOW_ARIA_ATTR: false,
  ALLOW_UNKNOWN_PROTOCOLS: false,
  KEEP_CONTENT: true,
  RETURN_TRUSTED_TYPE: false,
  FORBID_TAGS: ['style', 'script', 'svg', 'math', 'form', 'iframe', 'meta'],
};

const hooked = new WeakSet<object>();

/**
 * Adds the URL checks (href: in-view `#p-N` or http(s); src: https only) once per purifier.
 * (DOMPurify's own URI check stays the default one: its ALLOWED_URI_REGEXP applies to every
 * attribute value, so it cannot be narrowed to URLs this way.)
 */
export function prepare(purify: Purifier): Purifier {
  if (hooked.has(purify)) return purify;
  hooked.add(purify);
  purify.addHook('uponSanitizeAttribute', (_node, data) => {
    if (data.attrName === 'href' && !SAFE_HREF.test(data.attrValue)) data.keepAttr = false;
    if (data.attrName === 'src' && !SAFE_SRC.test(data.attrValue)) data.keepAttr = false;
  });
  return purify;
}

/** The fragment as DOMPurify leaves it, and whether it removed anything. */
export function sanitize(purify: Purifier, html: string): { html: string; removed: number } {
  const out = String(prepare(purify).sanitize(html, PURIFY_CONFIG));
  // DOMPurify lists the <body> it parses the fragment into (not an allowed tag) as removed: not content.
  const removed = purify.removed.filter((r) => (r as { element?: { nodeName?: string } }).element?.nodeName !== 'BODY').length;
  return { html: out, removed };
}
