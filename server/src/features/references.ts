// Find All References on a post header: every quote of that post across the thread. On a quote
// header: every quote of the same post.
import type { Location, Position } from 'vscode-languageserver-types';
import { targetAt, type RequestView } from '../workspace';
import { postLocation, quoteLocation } from './util';

export function references(view: RequestView, position: Position, includeDeclaration: boolean): Location[] {
  const at = targetAt(view, view.file.doc.offsetAt(position));
  const target = at?.kind === 'post' ? at.target : at?.answer?.target;
  if (!target) return [];
  const out: Location[] = [];
  if (includeDeclaration) out.push(postLocation(target));
  for (const ref of view.repliesTo(target)) out.push(quoteLocation(ref));
  return out;
}
