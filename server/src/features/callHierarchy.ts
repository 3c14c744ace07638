// Call hierarchy as a reply tree: incoming calls of a post are the posts that quote it (so the
// whole discussion grown from a post unfolds level by level), outgoing calls the posts it quotes.
import {
  SymbolKind,
  type CallHierarchyIncomingCall,
  type CallHierarchyItem,
  type CallHierarchyOutgoingCall,
  type Position,
  type Range,
} from 'vscode-languageserver-types';
import { targetOf, type PostTarget, type RequestView } from '../workspace';
import { cleanLabel, firstWordsOf, postLabel, quoteLocation } from './util';

/** Posts one level of the reply tree lists, and ranges per post, at the most (in thread order). */
export const MAX_CALLS = 1000;

interface ItemData {
  uri: string;
  index: number;
}

export function callHierarchyItem(t: PostTarget): CallHierarchyItem {
  const data: ItemData = { uri: t.uri, index: t.index };
  const page = t.page !== null ? `p${t.page} · ` : '';
  return {
    name: cleanLabel(postLabel(t)),
    detail: cleanLabel(`${page}${t.date ?? ''} · ${firstWordsOf(t)}`),
    kind: SymbolKind.Class,
    uri: t.uri,
    range: t.range,
    selectionRange: t.header,
    data,
  };
}

/**
 * The post an item names. `view` is the view of the item's own file (the server opens it by the
 * item's `data.uri`, else its `uri`: see itemUri).
 */
function postOf(view: RequestView, item: CallHierarchyItem): PostTarget | undefined {
  const d = item.data as ItemData | undefined;
  const doc = view.file.doc;
  const post = d ? doc.posts[d.index] : doc.postAt(doc.offsetAt(item.selectionRange.start));
  return post ? targetOf({ file: view.file, post }) : undefined;
}

/** The URI of the file an item is in. */
export function itemUri(item: CallHierarchyItem): string {
  return (item.data as ItemData | undefined)?.uri ?? item.uri;
}

/** The post at the cursor (anywhere in it). */
export function prepareCallHierarchy(view: RequestView, position: Position): CallHierarchyItem[] {
  const post = view.file.doc.postAt(view.file.doc.offsetAt(position));
  return post ? [callHierarchyItem(targetOf({ file: view.file, post }))] : [];
}

/** Posts that quote this one; `fromRanges` are the quote headers in each. */
export function incomingCalls(view: RequestView, item: CallHierarchyItem): CallHierarchyIncomingCall[] {
  const t = postOf(view, item);
  if (!t) return [];
  const byPost = new Map<string, { from: PostTarget; ranges: Range[] }>();
  for (const q of view.repliesTo(t)) {
    const k = `${q.file.uri}#${q.quote.postIndex}`;
    let e = byPost.get(k);
    if (!e) {
      if (byPost.size >= MAX_CALLS) break;
      byPost.set(k, (e = { from: targetOf({ file: q.file, post: q.file.doc.posts[q.quote.postIndex] }), ranges: [] }));
    }
    if (e.ranges.length < MAX_CALLS) e.ranges.push(quoteLocation(q).range);
  }
  return [...byPost.values()].map((e) => ({ from: callHierarchyItem(e.from), fromRanges: e.ranges }));
}

/** Posts this one quotes; `fromRanges` are its quote headers. */
export function outgoingCalls(view: RequestView, item: CallHierarchyItem): CallHierarchyOutgoingCall[] {
  const t = postOf(view, item);
  if (!t?.full) return [];
  const byPost = new Map<string, { to: PostTarget; ranges: Range[] }>();
  for (const { quote, target } of view.quotesMadeBy(t.full.post)) {
    const k = `${target.uri}#${target.index}`;
    let e = byPost.get(k);
    if (!e) {
      if (byPost.size >= MAX_CALLS) break;
      byPost.set(k, (e = { to: target, ranges: [] }));
    }
    if (e.ranges.length < MAX_CALLS) e.ranges.push(quoteLocation(quote).range);
  }
  return [...byPost.values()].map((e) => ({ to: callHierarchyItem(e.to), fromRanges: e.ranges }));
}
