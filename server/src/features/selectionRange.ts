// Smart select (expand selection): quote header → quote (→ enclosing quotes) → post body → post.
import type { Position, SelectionRange } from 'vscode-languageserver-types';
import type { Span } from '../model';
import type { WorkspaceIndex } from '../workspace';
import { toRange } from './util';

export function selectionRanges(index: WorkspaceIndex, uri: string, positions: Position[]): SelectionRange[] {
  const file = index.get(uri);
  if (!file) return [];
  const doc = file.doc;
  return positions.map((pos) => {
    const offset = doc.offsetAt(pos);
    const spans: Span[] = [];
    const post = doc.postAt(offset);
    if (post && offset <= post.span.end) {
      spans.push(post.span);
      if (offset >= post.body.start) spans.push(post.body);
      // Quotes holding the offset, outermost first.
      const holding = post.quotes.map((id) => doc.quotes[id]).filter((q) => q.span.start <= offset && offset <= q.span.end);
      holding.sort((a, b) => a.depth - b.depth);
      for (const q of holding) {
        spans.push(q.span);
        if (q.header && q.header.span.start <= offset && offset <= q.header.span.end) spans.push(q.header.span);
      }
    }
    let sel: SelectionRange | undefined;
    let last: Span | undefined;
    for (const s of spans) {
      if (last && s.start === last.start && s.end === last.end) continue;
      sel = { range: toRange(doc, s), parent: sel };
      last = s;
    }
    return sel ?? { range: { start: pos, end: pos } };
  });
}
