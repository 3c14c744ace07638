// Find All References on a post header: every quote of that post across the thread. On a quote
// header: every quote of the same post.
import type { Location, Position } from 'vscode-languageserver-types';
import { targetAt, type RequestView } from '../workspace';
import { postLocation, quoteLocation } from './util';

/**
 * Quotes one answer lists, at the most (and the post itself when asked): the first in thread
 * order. A post quoted 100k times would be a 15 MB answer no editor can show.
 */
export const MAX_REFERENCES = 10000;

export function references(view: RequestView, position: Position, includeDeclaration: boolean): Location[] {
  const at = targetAt(view, view.file.doc.offsetAt(position));
  const target = at?.kind === 'post' ? at.target : at?.answer?.target;
  if (!target) return [];
  const out: Location[] = [];
  if (includeDeclaration) out.push(postLocation(target));
  const replies = view.repliesTo(target);
  for (const ref of replies.length > MAX_REFERENCES ? replies.slice(0, MAX_REFERENCES) : replies) out.push(quoteLocation(ref));
  return out;
}
