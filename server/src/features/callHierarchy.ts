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
import type { PostRef, WorkspaceIndex } from '../workspace';
import { cleanText, postHeaderSpan, postLabel, sliceUnits, toRange } from './util';

interface ItemData {
  uri: string;
  index: number;
}

/** The first words of a post's own text. */
export function firstWords(ref: PostRef, max = 40): string {
  // Only the start is shown: clean and collapse a bounded prefix, not a whole (maybe huge) post.
  const raw = ref.file.doc.postText(ref.post);
  const cut = raw.length > FIRST_WORDS_SCAN;
  const t = cleanText(cut ? raw.slice(0, FIRST_WORDS_SCAN) : raw).replace(/\s+/g, ' ').trim();
  return t.length > max || cut ? sliceUnits(t, max) + '…' : t;
}

/** How much of a post's text firstWords reads. */
const FIRST_WORDS_SCAN = 4096;

export function callHierarchyItem(ref: PostRef): CallHierarchyItem {
  const data: ItemData = { uri: ref.file.uri, index: ref.post.index };
  const page = ref.file.page !== null ? `p${ref.file.page} · ` : '';
  return {
    name: postLabel(ref),
    detail: `${page}${ref.post.date?.text ?? ''} · ${firstWords(ref)}`,
    kind: SymbolKind.Class,
    uri: ref.file.uri,
    range: toRange(ref.file.doc, ref.post.span),
    selectionRange: toRange(ref.file.doc, postHeaderSpan(ref.post)),
    data,
  };
}

function refOf(index: WorkspaceIndex, item: CallHierarchyItem): PostRef | undefined {
  const d = item.data as ItemData | undefined;
  const uri = d?.uri ?? item.uri;
  const file = index.get(uri);
  if (!file) return undefined;
  const post = d ? file.doc.posts[d.index] : file.doc.postAt(file.doc.offsetAt(item.selectionRange.start));
  return post ? { file, post } : undefined;
}

/** The post at the cursor (anywhere in it). */
export function prepareCallHierarchy(index: WorkspaceIndex, uri: string, position: Position): CallHierarchyItem[] {
  const file = index.get(uri);
  if (!file) return [];
  const post = file.doc.postAt(file.doc.offsetAt(position));
  return post ? [callHierarchyItem({ file, post })] : [];
}

/** Posts that quote this one; `fromRanges` are the quote headers in each. */
export function incomingCalls(index: WorkspaceIndex, item: CallHierarchyItem): CallHierarchyIncomingCall[] {
  const ref = refOf(index, item);
  if (!ref) return [];
  const byPost = new Map<string, { from: PostRef; ranges: Range[] }>();
  for (const q of index.repliesTo(ref.file.uri, ref.post.index)) {
    const k = `${q.file.uri}#${q.quote.postIndex}`;
    let e = byPost.get(k);
    if (!e) byPost.set(k, (e = { from: { file: q.file, post: q.file.doc.posts[q.quote.postIndex] }, ranges: [] }));
    e.ranges.push(toRange(q.file.doc, q.quote.header?.span ?? q.quote.span));
  }
  return [...byPost.values()].map((e) => ({ from: callHierarchyItem(e.from), fromRanges: e.ranges }));
}

/** Posts this one quotes; `fromRanges` are its quote headers. */
export function outgoingCalls(index: WorkspaceIndex, item: CallHierarchyItem): CallHierarchyOutgoingCall[] {
  const ref = refOf(index, item);
  if (!ref) return [];
  const byPost = new Map<string, { to: PostRef; ranges: Range[] }>();
  for (const { quote, target } of index.quotedBy(ref.file.uri, ref.post.index)) {
    const k = `${target.file.uri}#${target.post.index}`;
    let e = byPost.get(k);
    if (!e) byPost.set(k, (e = { to: target, ranges: [] }));
    e.ranges.push(toRange(ref.file.doc, quote.quote.header?.span ?? quote.quote.span));
  }
  return [...byPost.values()].map((e) => ({ to: callHierarchyItem(e.to), fromRanges: e.ranges }));
}
