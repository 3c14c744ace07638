// HTML fragments of a dump (quote headers, quoted text, post text) read with htmlparser2's
// streaming parser. The line scanner finds the fragments; only they come here.
import { Parser } from 'htmlparser2';
import { parseDumpDateAt } from './dates';
import { boundOpenElements, clearAfterReset, internalsOf } from './htmlparser2Internals';
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
    onopentag: (name, attribs) => {
      boundOpenElements(internals, MAX_OPEN_ELEMENTS);
      handler.onopentag?.(name, attribs);
    },
    ontext: (text) => handler.ontext?.(text),
    onclosetag: (name) => handler.onclosetag?.(name),
  },
  { decodeEntities: true, lowerCaseTags: true },
);

/** The shared parser's private fields (checked once, here: a changed htmlparser2 fails at start-up). */
const internals = internalsOf(shared);

/**
 * Open elements htmlparser2 keeps track of, at the most. It keeps them in an array it grows
 * with unshift and searches with indexOf on every closing tag: a body of 100k unclosed `<i>`
 * and stray `</b>` took quadratic time (15 s for 80k). Nothing here needs more than the
 * innermost few open elements (an `<a>` buried under hundreds of unclosed tags just keeps the
 * fragment's end as its end), so the oldest are forgotten.
 */
const MAX_OPEN_ELEMENTS = 64;

/** Runs the shared parser over `html` with `h` receiving its events; offsets via `shared`. */
function parseWith(html: string, h: Handler): void {
  handler = h;
  try {
    shared.reset();
    // reset() leaves a half-read attribute value behind (a fragment that ends inside `src="…`, as
    // the archive's leaked <img> tags do) and the tokenizer "special" after a fragment that ends
    // inside `<script`, `<style`, `<title` or `<textarea` (the next fragment's first `>` then
    // throws, TypeError in stateInSpecialTag): both cleared.
    clearAfterReset(internals);
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
      const run = { text, start: start + shared.startIndex, end: Math.min(end, start + shared.endIndex + 1) };
      runs.push(run);
      if (inAnchor && anchor) anchor.textRuns.push(run);
    },
    onclosetag(name) {
      if (name === 'a' && inAnchor && anchor) {
        // An <a> left open is closed by the parser at the fragment's end, with an end index one
        // past it: the header (and its span) must stay inside the fragment.
        anchor.end = Math.min(end, start + shared.endIndex + 1);
        inAnchor = false;
      }
    },
  });
  return { runs, anchor };
}

/**
 * The findpost pid of a link: `pid=` after `?`, `&`, `#`, or `;` (the `&amp;` of raw text).
 * Group 1 is everything up to the digits, group 2 the pid. The one pattern for it.
 */
export const FINDPOST_PID = /([?&#;]pid=)(\d+)/;

const PARAM: Record<string, RegExp> = { pid: FINDPOST_PID, ptid: /([?&#;]ptid=)(\d+)/ };

/** Query parameter of an archive link (`&amp;` already decoded by the parser). */
function queryParam(href: string, name: 'pid' | 'ptid'): string | null {
  const m = PARAM[name].exec(href);
  return m ? m[2] : null;
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
  // The name is bounded (`.{1,64}?`, not `.+?`): unbounded, every `引用第N楼` re-read the rest of
  // the header when no date followed (quadratic on a long line of them).
  const app = /引用第(\d+)楼(.{1,64}?)于(\d{4}-\d{1,2}-\d{1,2} \d{1,2}:\d{2}(?::\d{2})?)发表的/.exec(raw);
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
      // The href value as written, inside the opening tag (before the header text). A `href="`
      // with no closing quote there (`<a title='href="' href=x>`) names no span: an end of -1 or
      // past the tag made an inverted or misplaced range.
      const hrefAt = source.indexOf('href="', a.start);
      const hrefEnd = hrefAt >= 0 && hrefAt < tStart ? source.indexOf('"', hrefAt + 6) : -1;
      const hrefSpan = hrefEnd >= 0 && hrefEnd < tStart ? { start: hrefAt + 6, end: hrefEnd } : null;
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
  let out = '';
  let at = 0;
  for (const m of scanMarkdownLinks(s, true)) {
    out += s.slice(at, m.start) + (m.image ? '' : m.text);
    at = m.end;
  }
  return out + s.slice(at);
}

/** A Markdown link `[text](url)` or image `![alt](url)` found by scanMarkdownLinks. */
export interface MarkdownLink {
  /** The whole link in the scanned string (from the `!` of an image). */
  start: number;
  end: number;
  image: boolean;
  text: string;
  url: string;
  urlStart: number;
}

/** JavaScript's `\s`. */
function isJsSpace(c: number): boolean {
  return (c >= 9 && c <= 13) || c === 32 || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/**
 * Markdown links and images, leftmost first: exactly the matches of
 * `/!?\[([^\]\n]*)\]\(([^)\s]*)\)/g` (`+` for the URL unless `emptyUrl`), in linear time. That
 * regular expression re-reads the rest of the line from every `[` (and the rest of a URL from
 * every `](`), so a long line of `[` or `[](` took minutes (quadratic backtracking). Here each
 * `[` shares the `]` (or line end) found for the `[` before it, and each URL end is found once.
 */
export function scanMarkdownLinks(s: string, emptyUrl: boolean): MarkdownLink[] {
  const out: MarkdownLink[] = [];
  const n = s.length;
  let stop = -1; // the first `]` or `\n` after the last `[` looked at (valid while beyond `i`)
  let urlFrom = -1; // the last URL scan started here…
  let urlEnd = -1; // …and its first `)` or white space is here
  let last = 0; // end of the previous match (an image's `!` must come after it)
  let i = s.indexOf('[');
  while (i >= 0) {
    if (stop <= i) {
      stop = i + 1;
      while (stop < n) {
        const c = s.charCodeAt(stop);
        if (c === 93 /* ] */ || c === 10) break;
        stop++;
      }
    }
    if (stop < n && s.charCodeAt(stop) === 93 && s.charCodeAt(stop + 1) === 40 /* ( */) {
      const u0 = stop + 2;
      if (!(urlFrom >= 0 && urlFrom <= u0 && u0 <= urlEnd)) {
        urlFrom = u0;
        urlEnd = u0;
        while (urlEnd < n) {
          const c = s.charCodeAt(urlEnd);
          if (c === 41 /* ) */ || isJsSpace(c)) break;
          urlEnd++;
        }
      }
      if (urlEnd < n && s.charCodeAt(urlEnd) === 41 && (emptyUrl || urlEnd > u0)) {
        const image = i - 1 >= last && s.charCodeAt(i - 1) === 33; /* ! */
        out.push({ start: image ? i - 1 : i, end: urlEnd + 1, image, text: s.slice(i + 1, stop), url: s.slice(u0, urlEnd), urlStart: u0 });
        last = urlEnd + 1;
        i = s.indexOf('[', last);
        continue;
      }
    }
    // Every `[` before `stop` ends its text there too, and fails the same way.
    i = stop < n ? s.indexOf('[', stop) : -1;
  }
  return out;
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

/** Offsets of the shared parser's current event (valid inside a handler of parseFragment). */
export function parserIndex(): { start: number; end: number } {
  return { start: shared.startIndex, end: shared.endIndex };
}
