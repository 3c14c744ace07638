// Document links: a findpost link opens the quoted post when it is in the thread; other links
// open in the browser with the archive's doubled scheme (`httphttps://`) fixed. Only http(s).
import * as l10n from '@vscode/l10n';
import type { DocumentLink } from 'vscode-languageserver-types';
import type { RequestView } from '../workspace';
import { cleanLabel, floorLabel, toRange } from './util';

/** `httphttps://x` → `https://x`; `httphttp://x` → `http://x`; null for anything not http(s). */
export function fixUrl(url: string): string | null {
  let u = url.trim().replace(/&amp;/g, '&');
  const m = /^http(https?:\/\/)/i.exec(u);
  if (m) u = u.slice(4);
  return /^https?:\/\/[^\s]+$/i.test(u) ? u : null;
}

/**
 * Links one answer holds, at the most: those of the file's first posts, in post order (a post's
 * quote-header links, then its other links). A 50 MB dump of links was a 104 MB answer.
 */
export const MAX_DOCUMENT_LINKS = 5000;

export function documentLinks(view: RequestView): DocumentLink[] {
  const doc = view.file.doc;
  const out: DocumentLink[] = [];
  for (const post of doc.posts) {
    if (out.length >= MAX_DOCUMENT_LINKS) break;
    const headerHrefs = new Set<number>();
    for (const id of post.quotes) {
      const q = doc.quotes[id];
      const h = q.header;
      if (!h?.hrefSpan || out.length >= MAX_DOCUMENT_LINKS) continue;
      headerHrefs.add(h.hrefSpan.start);
      const t = view.resolve(q)?.target;
      if (t) {
        out.push({ range: toRange(doc, h.hrefSpan), target: `${t.uri}#L${t.line + 1}`, tooltip: cleanLabel(l10n.t('Open {0} {1}', floorLabel(t), t.author)) });
      } else {
        const web = fixUrl(doc.slice(h.hrefSpan.start, h.hrefSpan.end));
        if (web) out.push({ range: toRange(doc, h.hrefSpan), target: web, tooltip: l10n.t('Open the post on the forum') });
      }
    }
    for (const l of doc.extras(post).links) {
      if (out.length >= MAX_DOCUMENT_LINKS) break;
      const web = fixUrl(l.url);
      if (!web) continue;
      if (headerHrefs.has(l.urlSpan.start)) continue;
      out.push({ range: toRange(doc, l.urlSpan), target: web });
    }
  }
  return out;
}
