// Go to Definition / Peek on a quote header (author, date, or the findpost link): the quoted
// post, in this file or another page file of the thread. Ambiguous quotes give every candidate.
import type { LocationLink, Position } from 'vscode-languageserver-types';
import type { DumpFile, PostRef, WorkspaceIndex } from '../workspace';
import { postHeaderSpan, toRange } from './util';

function link(from: DumpFile, origin: { start: number; end: number }, ref: PostRef): LocationLink {
  return {
    originSelectionRange: toRange(from.doc, origin),
    targetUri: ref.file.uri,
    targetRange: toRange(ref.file.doc, ref.post.span),
    targetSelectionRange: toRange(ref.file.doc, postHeaderSpan(ref.post)),
  };
}

export function definition(index: WorkspaceIndex, uri: string, position: Position): LocationLink[] {
  const file = index.get(uri);
  if (!file) return [];
  const offset = file.doc.offsetAt(position);
  const q = file.doc.quoteHeaderAt(offset);
  if (!q || !q.header) return [];
  const r = index.quoteResolution(uri, q.id);
  if (!r) return [];
  const origin = q.header.hrefSpan && offset >= q.header.hrefSpan.start && offset <= q.header.hrefSpan.end ? q.header.hrefSpan : q.header.span;
  if (r.target) return [link(file, origin, r.target)];
  if (r.status === 'ambiguous') return r.candidates.map((c) => link(file, origin, c));
  return [];
}
