// Code lens above each post: `3 replies` (click → peek the replies) and `quotes #6, #9`.
import * as l10n from '@vscode/l10n';
import type { CodeLens, Location } from 'vscode-languageserver-types';
import { SHOW_REPLIES_COMMAND } from '../../../shared/protocol';
import { targetOf, type RequestView } from '../workspace';
import { cleanLabel, floorRef, postLocation, quoteLocation, toRange } from './util';

export function codeLenses(view: RequestView): CodeLens[] {
  const { file, uri } = view;
  const out: CodeLens[] = [];
  for (const post of file.doc.posts) {
    const range = toRange(file.doc, { start: post.authorLine.start, end: post.authorLine.end });
    const replies = view.repliesTo(targetOf({ file, post }));
    if (replies.length > 0) {
      const locations: Location[] = replies.map(quoteLocation);
      out.push({
        range,
        command: {
          title: replies.length === 1 ? l10n.t('1 reply') : l10n.t('{0} replies', replies.length),
          command: SHOW_REPLIES_COMMAND,
          arguments: [uri, range.start, locations],
        },
      });
    }
    const quoted = view.quotesMadeBy(post);
    if (quoted.length > 0) {
      const seen = new Set<string>();
      const labels: string[] = [];
      const locations: Location[] = [];
      for (const q of quoted) {
        const l = floorRef(q.target, file);
        if (seen.has(l)) continue;
        seen.add(l);
        labels.push(l);
        locations.push(postLocation(q.target));
      }
      out.push({ range, command: { title: cleanLabel(l10n.t('quotes {0}', labels.join(', '))), command: SHOW_REPLIES_COMMAND, arguments: [uri, range.start, locations] } });
    }
  }
  return out;
}
