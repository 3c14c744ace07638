// Presentation helpers shared by the features (and the CLI): spans to LSP ranges, post labels,
// locations, first words, safe Markdown. One place for each way a post or quote is shown.
import * as l10n from '@vscode/l10n';
import type { Location, Range } from 'vscode-languageserver-types';
import { floorLabel } from '../../../shared/protocol';
import type { DumpDocument, Span } from '../model';
import { quoteHeaderSpan, spanRange, type PostTarget, type QuoteRef } from '../workspace';

export { postHeaderSpan, quoteHeaderSpan } from '../workspace';

export function toRange(doc: DumpDocument, span: Span): Range {
  return { start: doc.positionAt(span.start), end: doc.positionAt(span.end) };
}

export { floorLabel };

/** `p2 ` when a post lives in another page file than `from`, else ''. */
export function pagePrefix(t: PostTarget, from?: { uri: string }): string {
  if (from && t.uri === from.uri) return '';
  if (t.page !== null) return `p${t.page} `;
  return from ? `${t.fileName} ` : '';
}

/** `#12` / `p2 #206`. */
export function floorRef(t: PostTarget, from?: { uri: string }): string {
  return `${pagePrefix(t, from)}${floorLabel(t)}`;
}

/** `#12 sellboy` / `p2 #206 sellboy`. */
export function postLabel(t: PostTarget, from?: { uri: string }): string {
  return `${pagePrefix(t, from)}${floorLabel(t)} ${t.author}`;
}

/** Where a post is pointed at: its header. */
export function postLocation(t: PostTarget): Location {
  return { uri: t.uri, range: t.header };
}

/** Where a quote is pointed at: its header (the whole quote when it has none). */
export function quoteLocation(ref: QuoteRef): Location {
  return { uri: ref.file.uri, range: spanRange(ref.file, quoteHeaderSpan(ref.quote)) };
}

/** `+8` / `-1`: a whole-hour time-zone offset as hovers and diagnostics show it. */
export function hoursText(hours: number): string {
  return `${hours > 0 ? '+' : ''}${hours}`;
}

/** How much of a post's text firstWords reads. */
const FIRST_WORDS_SCAN = 4096;

/** The first words of a post's own text (`text` as DumpDocument.postText gives it). */
export function firstWords(raw: string, max = 40): string {
  // Only the start is shown: clean and collapse a bounded prefix, not a whole (maybe huge) post.
  const cut = raw.length > FIRST_WORDS_SCAN;
  const t = cleanText(cut ? raw.slice(0, FIRST_WORDS_SCAN) : raw).replace(/\s+/g, ' ').trim();
  return t.length > max || cut ? sliceUnits(t, max) + '…' : t;
}

/** The first words of a post, or '' when its text is not held (a summary-tier target). */
export function firstWordsOf(t: PostTarget, max = 40): string {
  return t.full ? firstWords(t.full.file.doc.postText(t.full.post), max) : '';
}

/**
 * Escapes text so Markdown shows it literally: no links, emphasis, HTML or headings; control
 * characters and lone surrogates cleaned (cleanText) too, so no caller can forget them.
 */
export function escapeMarkdown(s: string): string {
  return cleanText(s).replace(/[\\`*_{}[\]()<>#+\-.!|~&:"'=$%]/g, (c) => (c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '&' ? '&amp;' : '\\' + c));
}

/**
 * A message in the display language, as Markdown: a translation is untrusted (a bundle is a
 * file anyone could have written), so it is escaped like any other text; `args` are inserted as
 * given and must already be Markdown-safe (escaped by the caller).
 */
export function tMarkdown(message: string, ...args: (string | number)[]): string {
  const slot = (i: number) => `\ue000${i}\ue001`;
  const translated = l10n.t(message, ...args.map((_, i) => slot(i)));
  // English (no bundle, or no entry) is the source's own text, written as Markdown.
  const english = message.replace(/\{(\d+)\}/g, (_m, i: string) => slot(Number(i)));
  const text = translated === english ? translated : escapeMarkdown(translated);
  return text.replace(/\ue000(\d+)\ue001/g, (_m, i: string) => String(args[Number(i)] ?? ''));
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

