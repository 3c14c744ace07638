// Folding per post (header to last body line) and per multi-line quote block.
import { FoldingRangeKind, type FoldingRange } from 'vscode-languageserver-types';
import type { RequestView } from '../workspace';

export function foldingRanges(view: RequestView): FoldingRange[] {
  const doc = view.file.doc;
  const out: FoldingRange[] = [];
  for (const post of doc.posts) {
    const start = post.line;
    const end = doc.lineOf(post.span.end);
    if (end > start) out.push({ startLine: start, endLine: end, kind: FoldingRangeKind.Region });
    for (const id of post.quotes) {
      const q = doc.quotes[id];
      const qs = doc.lineOf(q.span.start);
      const qe = doc.lineOf(q.span.end);
      if (qe > qs) out.push({ startLine: qs, endLine: qe, kind: FoldingRangeKind.Region });
    }
  }
  return out;
}
