// Code lens above each post: `3 replies` (click → peek the replies) and `quotes #6, #9`.
import * as l10n from '@vscode/l10n';
import type { CodeLens, Location } from 'vscode-languageserver-types';
import type { WorkspaceIndex } from '../workspace';
import { floorRef, postLocation, toRange } from './util';

/** The client command a replies lens runs: peek `locations` at `position` of `uri`. */
export const SHOW_REPLIES_COMMAND = 'forumDump.peekLocations';

export function codeLenses(index: WorkspaceIndex, uri: string): CodeLens[] {
  const file = index.get(uri);
  if (!file) return [];
  const out: CodeLens[] = [];
  for (const post of file.doc.posts) {
    const range = toRange(file.doc, { start: post.authorLine.start, end: post.authorLine.end });
    const replies = index.repliesTo(uri, post.index);
    if (replies.length > 0) {
      const locations: Location[] = replies.map((r) => ({ uri: r.file.uri, range: toRange(r.file.doc, r.quote.header?.span ?? r.quote.span) }));
      out.push({
        range,
        command: {
          title: replies.length === 1 ? l10n.t('1 reply') : l10n.t('{0} replies', replies.length),
          command: SHOW_REPLIES_COMMAND,
          arguments: [uri, range.start, locations],
        },
      });
    }
    const quoted = index.quotedBy(uri, post.index);
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
      out.push({ range, command: { title: l10n.t('quotes {0}', labels.join(', ')), command: SHOW_REPLIES_COMMAND, arguments: [uri, range.start, locations] } });
    }
  }
  return out;
}
