// Go to Definition / Peek on a quote header (author, date, or the findpost link): the quoted
// post, in this file or another page file of the thread. Ambiguous quotes give every candidate.
import type { LocationLink, Position } from 'vscode-languageserver-types';
import { targetAt, type PostTarget, type RequestView } from '../workspace';
import { toRange } from './util';

export function definition(view: RequestView, position: Position): LocationLink[] {
  const doc = view.file.doc;
  const t = targetAt(view, doc.offsetAt(position));
  if (t?.kind !== 'quote' || !t.answer) return [];
  const link = (p: PostTarget): LocationLink => ({ originSelectionRange: toRange(doc, t.origin), targetUri: p.uri, targetRange: p.range, targetSelectionRange: p.header });
  if (t.answer.target) return [link(t.answer.target)];
  if (t.answer.status === 'ambiguous') return t.answer.candidates.map(link);
  return [];
}
