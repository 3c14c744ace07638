// Find All References on a post header: every quote of that post across the thread. On a quote
// header: every quote of the same post.
import type { Location, Position } from 'vscode-languageserver-types';
import type { WorkspaceIndex } from '../workspace';
import { postLocation, toRange } from './util';

export function references(index: WorkspaceIndex, uri: string, position: Position, includeDeclaration: boolean): Location[] {
  const file = index.get(uri);
  if (!file) return [];
  const offset = file.doc.offsetAt(position);
  let target = (() => {
    const p = file.doc.postHeaderAt(offset);
    return p ? { file, post: p } : undefined;
  })();
  if (!target) {
    const q = file.doc.quoteHeaderAt(offset);
    if (q) target = index.quoteResolution(uri, q.id)?.target;
  }
  if (!target) return [];
  const out: Location[] = [];
  if (includeDeclaration) out.push(postLocation(target));
  for (const ref of index.repliesTo(target.file.uri, target.post.index)) {
    out.push({ uri: ref.file.uri, range: toRange(ref.file.doc, ref.quote.header?.span ?? ref.quote.span) });
  }
  return out;
}
