// Inlay hint after each quote header: `→ #6`, `→ p3 #206` in another page file, `→ ?` when broken.
import * as l10n from '@vscode/l10n';
import { InlayHintKind, type InlayHint, type Range } from 'vscode-languageserver-types';
import type { RequestView } from '../workspace';
import { cleanLabel, floorRef, postLabel } from './util';

export function inlayHints(view: RequestView, range?: Range): InlayHint[] {
  const { file } = view;
  const doc = file.doc;
  const from = range ? doc.offsetAt(range.start) : 0;
  const to = range ? doc.offsetAt(range.end) : doc.length;
  const out: InlayHint[] = [];
  for (const q of doc.quotes) {
    const h = q.header;
    if (!h || h.span.end < from || h.span.end > to) continue;
    const r = view.resolve(q);
    let label: string;
    let tooltip: string;
    if (r?.target) {
      label = `→ ${floorRef(r.target, file)}`;
      tooltip = `${postLabel(r.target, file)}, ${r.target.date ?? ''}${r.target.uri !== file.uri ? ' · ' + l10n.t('in {0}', r.target.fileName) : ''}`;
    } else if (r?.status === 'ambiguous') {
      label = `→ ${r.candidates.map((c) => floorRef(c, file)).slice(0, 3).join(' | ')}${r.candidates.length > 3 ? ' …' : ''}`;
      tooltip = l10n.t('Ambiguous quote');
    } else if (r?.status === 'outside') {
      label = `→ (${l10n.t('not here')})`;
      tooltip = l10n.t('the quoted post is on a page file that is not in this folder');
    } else {
      label = '→ ?';
      tooltip = l10n.t('Broken quote: no such post in this thread');
    }
    out.push({ position: doc.positionAt(h.span.end), label: cleanLabel(label), kind: InlayHintKind.Type, paddingLeft: true, tooltip: cleanLabel(tooltip) });
  }
  return out;
}
