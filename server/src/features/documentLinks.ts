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

export function documentLinks(view: RequestView): DocumentLink[] {
  const doc = view.file.doc;
  const out: DocumentLink[] = [];
  const headerHrefs = new Set<number>();
  for (const q of doc.quotes) {
    const h = q.header;
    if (!h?.hrefSpan) continue;
    headerHrefs.add(h.hrefSpan.start);
    const t = view.resolve(q)?.target;
    if (t) {
      out.push({ range: toRange(doc, h.hrefSpan), target: `${t.uri}#L${t.line + 1}`, tooltip: cleanLabel(l10n.t('Open {0} {1}', floorLabel(t), t.author)) });
    } else {
      const web = fixUrl(doc.slice(h.hrefSpan.start, h.hrefSpan.end));
      if (web) out.push({ range: toRange(doc, h.hrefSpan), target: web, tooltip: l10n.t('Open the post on the forum') });
    }
  }
  for (const post of doc.posts) {
    for (const l of doc.extras(post).links) {
      const web = fixUrl(l.url);
      if (!web) continue;
      if (headerHrefs.has(l.urlSpan.start)) continue;
      out.push({ range: toRange(doc, l.urlSpan), target: web });
    }
  }
  return out;
}
