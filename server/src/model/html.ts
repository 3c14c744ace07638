// HTML fragments of a dump (quote headers, quoted text, post text) read with htmlparser2's
// streaming parser. The line scanner finds the fragments; only they come here.
import { Parser } from 'htmlparser2';
import { parseDumpDateAt } from './dates';
import type { QuoteHeader, Span } from './types';

const POSTED = ' 发表于 ';

interface TextRun {
  /** Decoded text. */
  text: string;
  /** Raw source offsets of the run. */
  start: number;
  end: number;
}

interface Fragment {
  runs: TextRun[];
  /** The first `<a>` element: attributes and source span. */
  anchor: { href: string | null; start: number; end: number; textRuns: TextRun[] } | null;
}

interface Handler {
  onopentag?(name: string, attribs: Record<string, string>): void;
  ontext?(text: string): void;
  onclosetag?(name: string): void;
}

const NO_HANDLER: Handler = {};
let handler: Handler = NO_HANDLER;

/**
 * One parser for every fragment: a new htmlparser2 Parser per quote costs more (in allocation
 * and garbage collection) than the parsing itself. Not re-entrant; fragments are parsed one at a time.
 */
const shared: Parser = new Parser(
  {
    onopentag: (name, attribs) => handler.onopentag?.(name, attribs),
    ontext: (text) => handler.ontext?.(text),
    onclosetag: (name) => handler.onclosetag?.(name),
  },
  { decodeEntities: true, lowerCaseTags: true },
);

/** Runs the shared parser over `html` with `h` receiving its events; offsets via `shared`. */
function parseWith(html: string, h: Handler): void {
  handler = h;
  try {
    shared.reset();
    // htmlparser2 10's reset() leaves a half-read attribute value behind (a fragment that ends
    // inside `src="…`, as the archive's leaked <img> tags do); clear it, or it leaks into the next.
    (shared as unknown as { attribvalue: string }).attribvalue = '';
    shared.write(html);
    shared.end();
  } finally {
    handler = NO_HANDLER;
  }
}

/** Parses `source.slice(start, end)` into text runs (with source offsets) and its first anchor. */
function readFragment(source: string, start: number, end: number): Fragment {
  const runs: TextRun[] = [];
  let anchor: Fragment['anchor'] = null;
  let inAnchor = false;
  parseWith(source.slice(start, end), {
    onopentag(name, attribs) {
      if (name === 'a' && anchor === null) {
        anchor = { href: attribs.href ?? null, start: start + shared.startIndex, end: end, textRuns: [] };
        inAnchor = true;
      }
    },
    ontext(text) {
      const run = { text, start: start + shared.startIndex, end: start + shared.endIndex + 1 };
      runs.push(run);
      if (inAnchor && anchor) anchor.textRuns.push(run);
    },
    onclosetag(name) {
      if (name === 'a' && inAnchor && anchor) {
        anchor.end = start + shared.endIndex + 1;
        inAnchor = false;
      }
    },
  });
  return { runs, anchor };
}

const PARAM: Record<string, RegExp> = { pid: /[?&#]pid=(\d+)/, ptid: /[?&#]ptid=(\d+)/ };

/** Query parameter of an archive link (`&amp;` already decoded by the parser). */
function queryParam(href: string, name: 'pid' | 'ptid'): string | null {
  const m = PARAM[name].exec(href);
  return m ? m[1] : null;
}

/** Finds `NAME 发表于 DATE` in a run of header text (raw offsets), or the app form `引用第N楼NAME于DATE发表的`. */
function headerFromText(
  source: string,
  textStart: number,
  textEnd: number,
): Omit<QuoteHeader, 'span' | 'pid' | 'ptid' | 'hrefSpan'> | null {
  const raw = source.slice(textStart, textEnd);
  const at = raw.indexOf(POSTED);
  if (at > 0) {
    let aStart = 0;
    while (aStart < at && (raw.charCodeAt(aStart) === 32 || raw.charCodeAt(aStart) === 0xa0)) aStart++;
    const author = decodeEntities(raw.slice(aStart, at)).trim();
    const dStart = at + POSTED.length;
    const parsed = parseDumpDateAt(raw, dStart);
    // The date text runs to the end of the header (or to the parsed date's end).
    let dEnd = parsed ? parsed.end : raw.length;
    if (!parsed) while (dEnd > dStart && /\s/.test(raw[dEnd - 1])) dEnd--;
    if (!author) return null;
    return {
      authorSpan: { start: textStart + aStart, end: textStart + at },
      dateSpan: { start: textStart + dStart, end: textStart + dEnd },
      author,
      date: parsed ? parsed.date : null,
      dateText: raw.slice(dStart, dEnd),
      floor: null,
      form: 'plain',
    };
  }
  // STAGE1 app: 引用第81楼NAME于2022-03-17 15:43发表的  :
  const app = /引用第(\d+)楼(.+?)于(\d{4}-\d{1,2}-\d{1,2} \d{1,2}:\d{2}(?::\d{2})?)发表的/.exec(raw);
  if (app) {
    const aStart = app.index + 3 + app[1].length + 1;
    const dStart = aStart + app[2].length + 1;
    const parsed = parseDumpDateAt(raw, dStart);
    return {
      authorSpan: { start: textStart + aStart, end: textStart + aStart + app[2].length },
      dateSpan: { start: textStart + dStart, end: textStart + dStart + app[3].length },
      author: decodeEntities(app[2]).trim(),
      date: parsed ? parsed.date : null,
      dateText: app[3],
      floor: Number(app[1]),
      form: 'app',
    };
  }
  return null;
}

/** Every header object has the same shape (fast property access when thousands are shifted). */
function header(
  span: Span,
  h: Omit<QuoteHeader, 'span' | 'pid' | 'ptid' | 'hrefSpan'>,
  form: QuoteHeader['form'],
  pid: string | null,
  ptid: string | null,
  hrefSpan: Span | null,
): QuoteHeader {
  return { span, authorSpan: h.authorSpan, dateSpan: h.dateSpan, author: h.author, date: h.date, dateText: h.dateText, pid, ptid, hrefSpan, floor: h.floor, form };
}

/**
 * Reads a quote header in `source` between `start` (right after `<blockquote>`) and `end`
 * (the end of that line). Returns null for a quote without a header.
 */
export function parseQuoteHeader(source: string, start: number, end: number): QuoteHeader | null {
  if (start >= end) return null;
  // A header line holds no more than the anchor or the plain text; skip lines with no header mark.
  const slice = source.slice(start, end);
  if (slice.indexOf('发表') < 0) return null;
  const frag = readFragment(source, start, end);
  const a = frag.anchor as Fragment['anchor'];
  if (a && a.textRuns.length > 0) {
    const tStart = a.textRuns[0].start;
    const tEnd = a.textRuns[a.textRuns.length - 1].end;
    const h = headerFromText(source, tStart, tEnd);
    if (h) {
      const href = a.href;
      const hrefAt = source.indexOf('href="', a.start);
      const hrefSpan = hrefAt >= 0 && hrefAt < tStart ? { start: hrefAt + 6, end: source.indexOf('"', hrefAt + 6) } : null;
      return header(
        { start: a.start, end: a.end },
        h,
        h.form === 'app' ? 'app' : 'link',
        href ? queryParam(href, 'pid') : null,
        href ? queryParam(href, 'ptid') : null,
        hrefSpan,
      );
    }
  }
  // Plain form: the text of the line up to its end.
  const first = frag.runs.find((r) => r.text.trim() !== '');
  if (!first) return null;
  const last = frag.runs[frag.runs.length - 1];
  const h = headerFromText(source, first.start, last.end);
  if (!h) return null;
  let sEnd = h.dateSpan.end;
  if (h.form === 'app') {
    // Include `发表的  :` in the header span.
    const tail = source.indexOf('发表的', h.dateSpan.end);
    if (tail >= 0 && tail < end) sEnd = Math.min(end, tail + 3);
    const colon = source.indexOf(':', sEnd);
    if (colon >= 0 && colon < end && source.slice(sEnd, colon).trim() === '') sEnd = colon + 1;
  }
  return header({ start: h.authorSpan.start, end: sEnd }, h, h.form, null, null, null);
}

const ENTITY = /&(amp|lt|gt|quot|apos|nbsp|#\d+|#x[0-9a-fA-F]+);/g;
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

/** Decodes the few entities the archive writes; unknown ones stay as written. */
export function decodeEntities(s: string): string {
  if (s.indexOf('&') < 0) return s;
  return s.replace(ENTITY, (m, e: string) => {
    if (e[0] === '#') {
      const cp = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return cp > 0 && cp <= 0x10ffff && !(cp >= 0xd800 && cp <= 0xdfff) ? String.fromCodePoint(cp) : m;
    }
    return NAMED[e] ?? m;
  });
}

/** Markdown links `[text](url)` → text; image links `![alt](url)` → nothing. */
function flattenMarkdownLinks(s: string): string {
  if (s.indexOf('](') < 0) return s;
  return s.replace(/!?\[([^\]\n]*)\]\([^)\s]*\)/g, (m, t: string) => (m[0] === '!' ? '' : t));
}

/**
 * The readable text of the given source spans: tags removed (images dropped), entities decoded,
 * Markdown links flattened to their text. Lines are kept.
 */
export function plainText(source: string, spans: Span[]): string {
  let out = '';
  for (const sp of spans) {
    if (sp.end <= sp.start) continue;
    const slice = source.slice(sp.start, sp.end);
    if (slice.indexOf('<') < 0 && slice.indexOf('&') < 0) {
      out += slice;
      continue;
    }
    parseWith(slice, {
      ontext(t) {
        out += t;
      },
      onopentag(name) {
        if (name === 'br' || name === 'p' || name === 'div') out += '\n';
      },
    });
  }
  return flattenMarkdownLinks(out);
}

/** Text for comparing a quoted excerpt with a post: no white space, no truncation mark. */
export function normalizeForMatch(s: string): string {
  let t = s.replace(/[\s\u00a0\u3000\ufeff\u200b]+/g, '');
  // The archive truncates quotes with " ..." (sometimes mid-entity, `&amp;# ...`).
  if (t.endsWith('...')) t = t.slice(0, -3);
  if (t.endsWith('&#')) t = t.slice(0, -2);
  else if (t.endsWith('&')) t = t.slice(0, -1);
  return t;
}

/** Parses an HTML fragment with the shared parser (see parserIndex for event offsets). */
export function parseFragment(html: string, h: Handler): void {
  parseWith(html, h);
}

/** Offsets of the shared parser's current event (valid inside a handler of parseHtml). */
export function parserIndex(): { start: number; end: number } {
  return { start: shared.startIndex, end: shared.endIndex };
}
