// Presentation helpers shared by the features (and the CLI): spans to LSP ranges, post labels,
// locations, first words, safe Markdown. One place for each way a post or quote is shown.
import * as l10n from '@vscode/l10n';
import type { Location, Range } from 'vscode-languageserver-types';
import { floorLabel } from '../../../shared/protocol';
import type { DumpDocument, Quote, Span } from '../model';
import { spanRange, targetOf, type PostRef, type PostTarget, type QuoteRef } from '../workspace';

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

/**
 * The visible text of a quote's header (`author 发表于 date`, without the `<a href=…>` around
 * it); the quote's opening tag when it has no header.
 */
export function quoteTextSpan(q: Quote): Span {
  const h = q.header;
  if (!h) return { start: q.span.start, end: q.contentStart };
  return { start: Math.min(h.authorSpan.start, h.dateSpan.start), end: Math.max(h.authorSpan.end, h.dateSpan.end) };
}

/**
 * Where a quote is pointed at (references, the replies a lens peeks, the reply tree): its
 * header's visible text, so a list of them reads as who replied when, not as raw HTML.
 */
export function quoteLocation(ref: QuoteRef): Location {
  return { uri: ref.file.uri, range: spanRange(ref.file, quoteTextSpan(ref.quote)) };
}

/** `+8` / `-1`: a whole-hour time-zone offset as hovers and diagnostics show it. */
export function hoursText(hours: number): string {
  return `${hours > 0 ? '+' : ''}${hours}`;
}

/** How much of a post's body (markup included) its first words are read from. */
export const FIRST_WORDS_SCAN = 4096;

/**
 * The first words of a post's own text (`text` as DumpDocument.postText gives it, maybe only
 * its start: `more` says the post goes on).
 */
export function firstWords(raw: string, max = 40, more = false): string {
  // Only the start is shown: clean and collapse a bounded prefix, not a whole (maybe huge) post.
  const cut = more || raw.length > FIRST_WORDS_SCAN;
  const t = cleanLabel(raw.length > FIRST_WORDS_SCAN ? raw.slice(0, FIRST_WORDS_SCAN) : raw).trim();
  return t.length > max || cut ? sliceUnits(t, max) + '…' : t;
}

/** The first words of a post of a loaded file, reading only the start of its body. */
export function firstWordsOfPost(ref: PostRef, max = 40): string {
  const { text, cut } = ref.file.doc.postText(ref.post, FIRST_WORDS_SCAN);
  return firstWords(text, max, cut);
}

/** The first words of a post, or '' when its text is not held (a summary-tier target). */
export function firstWordsOf(t: PostTarget, max = 40): string {
  return t.full ? firstWordsOfPost(t.full, max) : '';
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

/**
 * Characters untrusted text must not carry into a hover, a label or a message: C0 and C1 control
 * characters (NUL, BEL, ESC, CSI, OSC, …; tab and line breaks are kept here, see cleanLabel),
 * DEL, the byte-order mark, bidirectional overrides and isolates (U+202A–U+202E, U+2066–U+2069:
 * they reorder what follows them on screen), U+2028/U+2029, and lone surrogates.
 */
const UNSAFE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028-\u202e\u2066-\u2069\ufeff\ud800-\udfff]/;

/**
 * Untrusted text made safe to show: control characters, the BOM and bidi overrides removed,
 * U+2028/U+2029 made line breaks, lone surrogates shown as U+FFFD. Hovers and (through
 * cleanLabel) every plain-text label and message go through this.
 */
export function cleanText(s: string): string {
  if (!UNSAFE.test(s)) return s;
  return s
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\ufeff]/g, '')
    .replace(/[\u2028\u2029]/g, '\n')
    .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
}

/**
 * A one-line plain-text label (outline names, hint tooltips, reply-tree items, lens and
 * quick-fix titles, diagnostic messages, workspace symbols, link tooltips, the posts request):
 * cleanText, then every run of white space (tabs, line breaks) one space.
 */
export function cleanLabel(s: string): string {
  const t = cleanText(s);
  return /[\t\n\r\u00a0\u2000-\u200a]| {2}/.test(t) ? t.replace(/\s+/g, ' ') : t;
}

/** The first `n` UTF-16 units of `s`, one fewer when the cut would split a surrogate pair (an emoji). */
export function sliceUnits(s: string, n: number): string {
  if (n >= s.length) return s;
  const c = s.charCodeAt(n - 1);
  return s.slice(0, c >= 0xd800 && c <= 0xdbff ? n - 1 : n);
}


/**
 * Text as the archive writes it inside HTML (a quote header): `&`, `<`, `>` as entities, the way
 * the forum's pages escape them (`&amp;`, `&lt;`, `&gt;` in the dumps; `"` is left as is). And
 * `发表于` as `&#21457;表于`, so a name holding it cannot end the name part of `NAME 发表于 DATE`.
 */
export function escapeHtmlText(s: string): string {
  return s.replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;')).replace(/发表于/g, '&#21457;表于');
}

/** The items of a list whose key comes first, in order (the first of each key wins). */
function distinctBy<T>(items: Iterable<T>, keyOf: (item: T) => string): T[] {
  const seen = new Set<string>();
  const out: T[] = [];
  for (const item of items) {
    const k = keyOf(item);
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(item);
  }
  return out;
}

/** Posts, each once (the first time it comes), in the given order. */
export function distinctPosts(targets: Iterable<PostTarget>): PostTarget[] {
  return distinctBy(targets, (t) => `${t.uri}#${t.index}`);
}

/** The post each quote stands in. */
export function postOfQuote(q: QuoteRef): PostTarget {
  return targetOf({ file: q.file, post: q.file.doc.posts[q.quote.postIndex] });
}

/** The quotes of a list that are the first of their post (a post quoting another twice is one reply), in order. */
export function firstQuotePerPost(quotes: readonly QuoteRef[]): QuoteRef[] {
  return distinctBy(quotes, (q) => `${q.file.uri}#${q.quote.postIndex}`);
}

/** A count as people read it: `99,990`. */
export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

/**
 * A counted phrase in the right grammatical number: `plural(n, '1 reply', '{0} replies')`. Both
 * are message keys (l10n/); a language without plural forms (Chinese) translates both alike.
 * `t` translates (tMarkdown where the phrase goes into Markdown).
 */
export function plural(n: number, one: string, other: string, t: (message: string, ...args: string[]) => string = l10n.t): string {
  return n === 1 ? t(one) : t(other, formatCount(n));
}

/** How many posts a list in a hover or a lens title names before `… and N more`. */
export const MAX_LISTED = 10;

/**
 * At most `max` items of a list, then `… and N more`: a list an answer shows of other posts
 * (replies, quotes) stays short however many there are. Only the shown items are labelled; `t`
 * translates (tMarkdown where the list goes into Markdown).
 */
export function capList<T>(items: readonly T[], max: number, label: (item: T) => string, t: (message: string, ...args: string[]) => string = l10n.t): string {
  const shown = (items.length > max ? items.slice(0, max) : items).map(label).join(', ');
  return items.length > max ? `${shown}, ${t('… and {0} more', formatCount(items.length - max))}` : shown;
}
