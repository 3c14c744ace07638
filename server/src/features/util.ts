// Helpers shared by the features: spans to LSP ranges, post labels, safe Markdown.
import type { Location, Position, Range } from 'vscode-languageserver-types';
import type { DumpDocument, Post, Span } from '../model';
import type { DumpFile, PostRef, WorkspaceIndex } from '../workspace';

export function toRange(doc: DumpDocument, span: Span): Range {
  return { start: doc.positionAt(span.start), end: doc.positionAt(span.end) };
}

export function toOffset(doc: DumpDocument, pos: Position): number {
  return doc.offsetAt(pos);
}

/** `#12` (or `#?` when the floor line is malformed). */
export function floorLabel(post: Post): string {
  return post.floor === null ? '#?' : `#${post.floor}`;
}

/** `p2 ` when a post lives in another page file than `from`, else ''. */
export function pagePrefix(ref: PostRef, from?: DumpFile): string {
  if (from && ref.file.uri === from.uri) return '';
  if (ref.file.page !== null) return `p${ref.file.page} `;
  return from ? `${ref.file.name} ` : '';
}

/** `#12` / `p2 #206`. */
export function floorRef(ref: PostRef, from?: DumpFile): string {
  return `${pagePrefix(ref, from)}${floorLabel(ref.post)}`;
}

/** `#12 sellboy` / `p2 #206 sellboy`. */
export function postLabel(ref: PostRef, from?: DumpFile): string {
  return `${pagePrefix(ref, from)}${floorLabel(ref.post)} ${ref.post.author}`;
}

/** The header lines of a post: where a reference or definition lands. */
export function postHeaderSpan(post: Post): Span {
  return { start: post.authorLine.start, end: post.floorLine.end };
}

export function postLocation(ref: PostRef): Location {
  return { uri: ref.file.uri, range: toRange(ref.file.doc, postHeaderSpan(ref.post)) };
}

/**
 * Escapes text so Markdown shows it literally: no links, emphasis, HTML or headings; control
 * characters and lone surrogates cleaned (cleanText) too, so no caller can forget them.
 */
export function escapeMarkdown(s: string): string {
  return cleanText(s).replace(/[\\`*_{}[\]()<>#+\-.!|~&:"'=$%]/g, (c) => (c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '&' ? '&amp;' : '\\' + c));
}

/** Control characters and lone surrogates shown as U+FFFD, so previews never carry junk. */
export function cleanText(s: string): string {
  return s
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\ufeff]/g, '')
    .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
}

/** The first `n` UTF-16 units of `s`, one fewer when the cut would split a surrogate pair (an emoji). */
export function sliceUnits(s: string, n: number): string {
  if (n >= s.length) return s;
  const c = s.charCodeAt(n - 1);
  return s.slice(0, c >= 0xd800 && c <= 0xdbff ? n - 1 : n);
}

export function lookup(index: WorkspaceIndex, uri: string): DumpFile | undefined {
  return index.get(uri);
}
