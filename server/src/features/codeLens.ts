// Code lens above each post: `3 replies` (click → peek the replies) and `quotes #6, #9`.
import * as l10n from '@vscode/l10n';
import type { CodeLens, Location } from 'vscode-languageserver-types';
import { SHOW_REPLIES_COMMAND } from '../../../shared/protocol';
import { targetOf, type RequestView } from '../workspace';
import { capList, cleanLabel, distinctPosts, firstQuotePerPost, floorRef, MAX_LISTED, plural, postLocation, quoteLocation, toRange } from './util';

/** Places one lens peeks, at the most (Find All References lists every quote). */
export const MAX_LENS_LOCATIONS = 1000;

export function codeLenses(view: RequestView): CodeLens[] {
  const { file, uri } = view;
  const out: CodeLens[] = [];
  for (const post of file.doc.posts) {
    const range = toRange(file.doc, { start: post.authorLine.start, end: post.authorLine.end });
    // One reply per post that quotes this one (a post quoting it twice is one reply), peeked at
    // that post's first quote of it.
    const replies = firstQuotePerPost(view.repliesTo(targetOf({ file, post })));
    if (replies.length > 0) {
      const locations: Location[] = replies.slice(0, MAX_LENS_LOCATIONS).map(quoteLocation);
      out.push({
        range,
        command: {
          title: plural(replies.length, '1 reply', '{0} replies'),
          command: SHOW_REPLIES_COMMAND,
          arguments: [uri, range.start, locations],
        },
      });
    }
    const quoted = distinctPosts(view.quotesMadeBy(post).map((q) => q.target));
    if (quoted.length > 0) {
      const title = cleanLabel(l10n.t('quotes {0}', capList(quoted, MAX_LISTED, (t) => floorRef(t, file))));
      out.push({ range, command: { title, command: SHOW_REPLIES_COMMAND, arguments: [uri, range.start, quoted.slice(0, MAX_LENS_LOCATIONS).map(postLocation)] } });
    }
  }
  return out;
}
