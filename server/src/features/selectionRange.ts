// Smart select (expand selection): quote header → quote (→ enclosing quotes) → post body → post.
import type { Position, SelectionRange } from 'vscode-languageserver-types';
import type { Quote, Span } from '../model';
import type { RequestView } from '../workspace';
import { toRange } from './util';

/** How many levels of nested quotes a selection range chain climbs through, at the most. */
export const MAX_QUOTE_LEVELS = 32;

export function selectionRanges(view: RequestView, positions: Position[]): SelectionRange[] {
  const doc = view.file.doc;
  return positions.map((pos) => {
    const offset = doc.offsetAt(pos);
    const spans: Span[] = [];
    const post = doc.postAt(offset);
    if (post && offset <= post.span.end) {
      spans.push(post.span);
      if (offset >= post.body.start) spans.push(post.body);
      // The innermost quote holding the offset and the quotes around it, outermost first. (Not
      // every quote holding it: where one quote ends and the next begins both hold the offset,
      // and a sibling is no parent.) Only the innermost MAX_QUOTE_LEVELS levels: a pathological
      // nesting must not make a chain thousands of levels deep (it would not even serialise).
      let inner: Quote | undefined;
      for (const id of post.quotes) {
        const q = doc.quotes[id];
        if (q.span.start <= offset && offset <= q.span.end && (!inner || q.depth > inner.depth)) inner = q;
      }
      const holding: Quote[] = [];
      for (let q = inner; q && holding.length < MAX_QUOTE_LEVELS; q = q.parent >= 0 ? doc.quotes[q.parent] : undefined) holding.unshift(q);
      for (const q of holding) spans.push(q.span);
      // The header of the innermost quote (an outer quote's header may touch an inner quote's
      // start, but holds no part of it).
      const h = inner?.header;
      if (h && h.span.start <= offset && offset <= h.span.end) spans.push(h.span);
    }
    let sel: SelectionRange | undefined;
    let last: Span | undefined;
    for (const s of spans) {
      if (last && s.start === last.start && s.end === last.end) continue;
      sel = { range: toRange(doc, s), parent: sel };
      last = s;
    }
    // Nothing to select: an empty range at the position, clamped into the document (a position
    // past the end comes back as the end, never as a range outside the text).
    // (offsetAt clamps to the line's end, which on a CRLF line is after the \r: step back over it.)
    const at = offset > 0 && doc.charCodeAt(offset - 1) === 13 && doc.charCodeAt(offset) === 10 ? offset - 1 : offset;
    return sel ?? { range: toRange(doc, { start: at, end: at }) };
  });
}
