// The line scanner: one pass over the text that finds post headers, separators and
// <blockquote> tags. It uses no regular expression per line; quote headers (HTML) are handed
// to htmlparser2 in ./html.ts.
import { parseDumpDateAt } from './dates';
import { parseQuoteHeader } from './html';
import type { DumpDate, Post, Quote, QuoteHeader, ScanProblem, Span } from './types';

const HASH = 35; // #
const STAR = 42; // *
const SPACE = 32;
const TAB = 9;
const CR = 13;
const NBSP = 0xa0;
const IDEO_SPACE = 0x3000;
const BOM = 0xfeff;

const OPEN_TAG = '<blockquote>';
const CLOSE_TAG = '</blockquote>';

/** The text a document's lazily read parts (quote headers) are read from; edits replace it. */
export interface Source {
  text: string;
}

export interface ScanResult {
  /** Offset at which each line starts. */
  lineStarts: Int32Array;
  posts: Post[];
  quotes: Quote[];
  /** Problems before the first post. */
  orphans: ScanProblem[];
}

/**
 * A post. Its author and floor lines are kept as three numbers and handed out as spans on demand
 * (two objects fewer per post: a 100 MiB thread has 250,000 posts).
 */
export class PostNode implements Post {
  constructor(
    public index: number,
    public floor: number | null,
    public author: string,
    public anonymous: boolean,
    public deletedUser: boolean,
    public op: boolean,
    public date: DumpDate | null,
    public line: number,
    public span: Span,
    private authorStart: number,
    private authorEnd: number,
    public bodyStart: number,
    public bodyEnd: number,
    public quotes: number[],
    public malformed: string | null,
    public hasFloorLine: boolean,
    public problems: ScanProblem[],
    private authorLineEnd: number,
    private floorLineStart: number,
    private floorLineEnd: number,
  ) {}

  get authorSpan(): Span {
    return { start: this.authorStart, end: this.authorEnd };
  }

  get body(): Span {
    return { start: this.bodyStart, end: this.bodyEnd };
  }

  get authorLine(): Span {
    return { start: this.span.start, end: this.authorLineEnd };
  }

  get floorLine(): Span {
    return { start: this.floorLineStart, end: this.floorLineEnd };
  }

  /** Moves the post's offsets (all but `span`, which the caller moves) by `delta`. */
  shiftLines(delta: number): void {
    this.authorStart += delta;
    this.authorEnd += delta;
    this.bodyStart += delta;
    this.bodyEnd += delta;
    this.authorLineEnd += delta;
    this.floorLineStart += delta;
    this.floorLineEnd += delta;
  }
}

/** A quote whose header is read (by htmlparser2) only when first asked for. */
export class QuoteNode implements Quote {
  private parsed: QuoteHeader | null | undefined;
  constructor(
    /** The text of the header region (`contentStart` to `headerLimit`), read on first use. */
    private headerText: string,
    public id: number,
    public postIndex: number,
    public span: Span,
    public contentStart: number,
    public contentEnd: number,
    public closed: boolean,
    public depth: number,
    public parent: number,
    public children: number[],
    public headerLimit: number,
  ) {}

  get header(): QuoteHeader | null {
    if (this.parsed === undefined) {
      const h = parseQuoteHeader(this.headerText, 0, this.headerText.length);
      if (h) shiftHeader(h, this.contentStart);
      this.parsed = h;
      this.headerText = ''; // read once; do not keep the slice alive
    }
    return this.parsed;
  }

  /** Moves the quote by `delta` offsets (an edit before it). */
  shift(delta: number): void {
    this.span.start += delta;
    this.span.end += delta;
    this.contentStart += delta;
    this.contentEnd += delta;
    this.headerLimit += delta;
    if (this.parsed) shiftHeader(this.parsed, delta);
  }
}

function shiftHeader(h: QuoteHeader, delta: number): void {
  h.span.start += delta;
  h.span.end += delta;
  h.authorSpan.start += delta;
  h.authorSpan.end += delta;
  h.dateSpan.start += delta;
  h.dateSpan.end += delta;
  if (h.hrefSpan) {
    h.hrefSpan.start += delta;
    h.hrefSpan.end += delta;
  }
}

function grow(a: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> {
  const bigger = new Int32Array(a.length * 2);
  bigger.set(a);
  return bigger;
}

function isBlank(c: number): boolean {
  return c === SPACE || c === TAB || c === CR || c === NBSP || c === IDEO_SPACE || c === BOM;
}

/** True when [s, e) holds only white space. */
export function blankLine(text: string, s: number, e: number): boolean {
  for (let i = s; i < e; i++) if (!isBlank(text.charCodeAt(i))) return false;
  return true;
}

/** `*****` alone on its line (trailing white space allowed). */
export function isSeparator(text: string, s: number, e: number): boolean {
  if (e - s < 5) return false;
  let i = s;
  if (text.charCodeAt(i) === BOM) i++;
  for (let k = 0; k < 5; k++) if (text.charCodeAt(i + k) !== STAR) return false;
  return blankLine(text, i + 5, e);
}

/** `#### NAME`: four hashes and a space (not a floor line's five). */
export function isAuthorLine(text: string, s: number, e: number): boolean {
  let i = s;
  if (text.charCodeAt(i) === BOM) i++;
  return (
    e - i >= 5 &&
    text.charCodeAt(i) === HASH &&
    text.charCodeAt(i + 1) === HASH &&
    text.charCodeAt(i + 2) === HASH &&
    text.charCodeAt(i + 3) === HASH &&
    (text.charCodeAt(i + 4) === SPACE || text.charCodeAt(i + 4) === TAB)
  );
}

/** `##### ` followed by a digit somewhere after spaces. */
export function isFloorLine(text: string, s: number, e: number): boolean {
  if (e - s < 7) return false;
  for (let k = 0; k < 5; k++) if (text.charCodeAt(s + k) !== HASH) return false;
  let i = s + 5;
  while (i < e && text.charCodeAt(i) === SPACE) i++;
  const c = text.charCodeAt(i);
  return i > s + 5 && c >= 48 && c <= 57;
}

/** Fills `{0}`, `{1}` … of a message template. */
export function formatMessage(template: string, args: (string | number)[]): string {
  return template.replace(/\{(\d+)\}/g, (m, i: string) => (args[Number(i)] !== undefined ? String(args[Number(i)]) : m));
}

function problem(code: ScanProblem['code'], span: Span, postIndex: number, template: string, ...args: (string | number)[]): ScanProblem {
  return { code, span, postIndex, template, args, message: formatMessage(template, args) };
}

/** Posts share these until they get a quote or a problem (most never do): fewer objects to keep. */
const NO_QUOTES: number[] = [];
const NO_PROBLEMS: ScanProblem[] = [];
Object.freeze(NO_QUOTES);
Object.freeze(NO_PROBLEMS);

function addProblem(post: Post, p: ScanProblem): void {
  if (post.problems === NO_PROBLEMS) post.problems = [];
  post.problems.push(p);
}

const DELETED_MARK = '该用户已被删除';
const POSTED = '发表于';

interface FloorInfo {
  floor: number | null;
  op: boolean;
  anonymous: boolean;
  date: DumpDate | null;
  malformed: string | null;
  /** The malformation as a message template and its arguments. */
  why: [string, ...(string | number)[]] | null;
}

/** `text.indexOf(needle, from)` limited to `[from, end)`, never looking past `end`. */
function indexIn(text: string, needle: string, from: number, end: number): number {
  const n = needle.length;
  const c0 = needle.charCodeAt(0);
  outer: for (let i = from; i + n <= end; i++) {
    if (text.charCodeAt(i) !== c0) continue;
    for (let k = 1; k < n; k++) if (text.charCodeAt(i + k) !== needle.charCodeAt(k)) continue outer;
    return i;
  }
  return -1;
}

/** Reads `##### 12#       楼主| 发表于 2025-1-31 09:28` and its variants (no substrings made). */
export function readFloorLine(text: string, s: number, e: number): FloorInfo {
  let i = s + 5;
  while (i < e && text.charCodeAt(i) === SPACE) i++;
  const numStart = i;
  let value = 0;
  while (i < e) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) break;
    value = value * 10 + (c - 48);
    i++;
  }
  let why: FloorInfo['why'] = null;
  let floor: number | null = value;
  if (i - numStart > 15 && !Number.isSafeInteger(value)) {
    const digits = text.slice(numStart, Math.min(i, numStart + 21));
    why = ['Malformed post header: floor number {0} is too large', i - numStart > 20 ? digits.slice(0, 20) + '…' : digits];
    floor = null;
  }
  if (text.charCodeAt(i) !== HASH) why ??= ['Malformed post header: the floor number is not followed by "#"'];
  const at = indexIn(text, POSTED, i + 1, e);
  const marksEnd = at >= 0 ? at : e;
  const op = indexIn(text, '楼主', i + 1, marksEnd) >= 0;
  const anonymous = indexIn(text, '匿名', i + 1, marksEnd) >= 0;
  let date: DumpDate | null = null;
  if (at < 0) {
    why ??= ['Malformed post header: the floor line has no "发表于 DATE"'];
  } else {
    let d = at + POSTED.length;
    while (d < e && isBlank(text.charCodeAt(d))) d++;
    const parsed = parseDumpDateAt(text, d);
    if (parsed && parsed.end <= e && blankLine(text, parsed.end, e)) date = parsed.date;
    else why ??= ['Malformed post header: "{0}" is not a valid date (YYYY-M-D HH:MM)', text.slice(d, e).trim().slice(0, 40)];
  }
  const malformed = why ? formatMessage(why[0], why.slice(1) as (string | number)[]).replace(/^Malformed post header: /, '') : null;
  return { floor, op, anonymous, date, malformed, why };
}

/** The author's name: the text after `#### `, trimmed, without the deleted-user mark. */
export function readAuthor(text: string, s: number, e: number): { author: string; span: Span; deleted: boolean; anonymous: boolean } {
  let i = s;
  if (text.charCodeAt(i) === BOM) i++;
  i += 4;
  while (i < e && isBlank(text.charCodeAt(i))) i++;
  let j = e;
  while (j > i && isBlank(text.charCodeAt(j - 1))) j--;
  let name = text.slice(i, j);
  let deleted = false;
  let nameEnd = j;
  const del = name.lastIndexOf(DELETED_MARK);
  if (del >= 0 && del + DELETED_MARK.length === name.length) {
    deleted = true;
    name = name.slice(0, del).trimEnd();
    nameEnd = i + name.length;
  }
  return { author: name, span: { start: i, end: nameEnd }, deleted, anonymous: name === '匿名' };
}

/**
 * Scans `[from, to)` of `src.text`: `from` is the start of a line (0, or the author line of a
 * post whose header is unchanged), `to` is the start of the author line of the first post after
 * the region that keeps its header (or the text's end). Posts are numbered from `baseIndex`,
 * quotes from `baseQuote`, lines from `firstLine`. The line starts returned are those of the lines
 * that start inside the region.
 */
export function scanRegion(src: Source, from: number, to: number, firstLine: number, baseIndex: number, baseQuote: number, toEnd = to >= src.text.length): ScanResult {
  const text = src.text;
  const n = text.length;
  // Line starts go straight into a typed array (a number[] of 300,000 lines is garbage to collect).
  let lineStarts = new Int32Array(Math.max(64, ((to - from) >> 5) + 16));
  let lineCount = 0;
  const posts: Post[] = [];
  const quotes: Quote[] = [];
  const orphans: ScanProblem[] = [];
  const quoteAt = (id: number) => quotes[id - baseQuote];

  // Where the blank-skipping state stands.
  let lastContentEnd = -1; // end of the last non-blank line
  let sepPending = false; // the last non-blank line was `*****`
  let endBeforeSep = -1; // end of the last non-blank line before that separator

  let cur: PostNode | null = null;
  let stack: number[] = []; // open quotes of the current post
  let nextTag = text.indexOf('blockquote>', from);

  const finishPost = (post: PostNode, end: number): void => {
    const bodyEnd = Math.max(end, post.bodyStart);
    post.span.end = Math.max(bodyEnd, post.floorLine.end);
    post.bodyEnd = bodyEnd;
    // The body starts at its first non-blank character.
    let b = post.bodyStart;
    while (b < bodyEnd && (isBlank(text.charCodeAt(b)) || text.charCodeAt(b) === 10)) b++;
    post.bodyStart = b;
    while (stack.length > 0) {
      const q = quoteAt(stack.pop() as number);
      q.span.end = bodyEnd;
      q.contentEnd = bodyEnd;
      addProblem(post, problem('unclosed-blockquote', { start: q.span.start, end: q.span.start + OPEN_TAG.length }, post.index, '<blockquote> is never closed in this post'));
    }
  };

  // Line breaks are LF, CRLF and a lone CR, as LSP counts them. `cr` is the first CR at or after
  // the last place looked from (one search per CR, not per line: most files have none).
  let cr = text.indexOf('\r', from);
  /** The offset of the line break ending the line at `p` (its LF, or a lone CR), or the text's end. */
  const lineBreak = (p: number): number => {
    let nl = text.indexOf('\n', p);
    if (nl < 0) nl = n;
    if (cr >= 0 && cr < p) cr = text.indexOf('\r', p);
    while (cr >= 0 && cr < nl) {
      if (text.charCodeAt(cr + 1) !== 10) return cr;
      cr = text.indexOf('\r', cr + 1);
    }
    return nl;
  };

  let pos = from;
  let line = firstLine;
  while (toEnd ? pos <= n : pos < to) {
    const nl = lineBreak(pos);
    let end = nl;
    if (end > pos && text.charCodeAt(end - 1) === CR) end--;
    if (lineCount === lineStarts.length) lineStarts = grow(lineStarts);
    lineStarts[lineCount++] = pos;

    const c0 = text.charCodeAt(pos);
    let handled = false;
    if (c0 === STAR || (c0 === BOM && text.charCodeAt(pos + 1) === STAR)) {
      if (isSeparator(text, pos, end)) {
        endBeforeSep = lastContentEnd;
        sepPending = true;
        handled = true;
      }
    } else if (c0 === HASH || c0 === BOM) {
      if (isAuthorLine(text, pos, end)) {
        // Peek at the next line: a post header is an author line followed by a floor line.
        const nl2 = nl < n ? lineBreak(nl + 1) : n;
        let end2 = nl2;
        if (end2 > nl + 1 && text.charCodeAt(end2 - 1) === CR) end2--;
        const hasFloor = nl < n && isFloorLine(text, nl + 1, end2);
        if (hasFloor || sepPending) {
          if (cur) finishPost(cur, sepPending ? endBeforeSep : lastContentEnd);
          const a = readAuthor(text, pos, end);
          const info: FloorInfo = hasFloor
            ? readFloorLine(text, nl + 1, end2)
            : {
                floor: null,
                op: false,
                anonymous: false,
                date: null,
                malformed: 'the author line is not followed by a "##### N#  发表于 DATE" floor line',
                why: ['Malformed post header: the author line is not followed by a "##### N#  发表于 DATE" floor line'],
              };
          const headerEnd = hasFloor ? end2 : end;
          const bodyStart = hasFloor ? Math.min(nl2 + 1, n) : Math.min(nl + 1, n);
          const post = new PostNode(
            baseIndex + posts.length,
            info.floor,
            a.author,
            a.anonymous || info.anonymous,
            a.deleted,
            info.op,
            info.date,
            line,
            { start: pos, end: headerEnd },
            a.span.start,
            a.span.end,
            bodyStart,
            bodyStart,
            NO_QUOTES,
            info.malformed,
            hasFloor,
            NO_PROBLEMS,
            end,
            hasFloor ? nl + 1 : end,
            hasFloor ? end2 : end,
          );
          if (info.why) {
            const [template, ...args] = info.why;
            addProblem(post, problem('malformed-header', hasFloor ? { start: nl + 1, end: end2 } : { start: pos, end }, post.index, template, ...args));
          }
          posts.push(post);
          cur = post;
          stack = [];
          sepPending = false;
          lastContentEnd = headerEnd;
          if (hasFloor) {
            // Consume the floor line too.
            line++;
            if (lineCount === lineStarts.length) lineStarts = grow(lineStarts);
            lineStarts[lineCount++] = nl + 1;
            pos = nl2 + 1;
            line++;
            if (nextTag >= 0 && nextTag < nl2) nextTag = text.indexOf('blockquote>', nl2);
            continue;
          }
          if (nextTag >= 0 && nextTag < nl) nextTag = text.indexOf('blockquote>', nl);
          pos = nl + 1;
          line++;
          continue;
        }
      } else if (sepPending && isFloorLine(text, pos, end)) {
        const pr = problem('malformed-header', { start: pos, end }, cur ? cur.index : -1, 'Malformed post header: a floor line with no "####  NAME" author line before it');
        if (cur) addProblem(cur, pr);
        else orphans.push(pr);
      }
    }

    // <blockquote> and </blockquote> on this line.
    while (nextTag >= 0 && nextTag < end) {
      const at = nextTag;
      nextTag = text.indexOf('blockquote>', at + 11);
      if (!cur) continue;
      if (at >= 1 && text.charCodeAt(at - 1) === 60 /* < */) {
        const open = at - 1;
        const depth = stack.length;
        const parent = depth > 0 ? stack[depth - 1] : -1;
        const contentStart = open + OPEN_TAG.length;
        // The header stands on the rest of the line, unless another quote opens right away.
        let headerLimit = end;
        if (nextTag >= 0 && nextTag < end) {
          const nested = text.charCodeAt(nextTag - 1) === 60 ? nextTag - 1 : nextTag - 2;
          headerLimit = Math.max(contentStart, Math.min(end, nested));
        }
        const q = new QuoteNode(text.slice(contentStart, headerLimit), baseQuote + quotes.length, cur.index, { start: open, end: contentStart }, contentStart, contentStart, false, depth, parent, [], headerLimit);
        quotes.push(q);
        if (cur.quotes === NO_QUOTES) cur.quotes = [];
        cur.quotes.push(q.id);
        if (parent >= 0) quoteAt(parent).children.push(q.id);
        stack.push(q.id);
      } else if (at >= 2 && text.charCodeAt(at - 1) === 47 /* / */ && text.charCodeAt(at - 2) === 60) {
        const close = at - 2;
        const id = stack.pop();
        if (id === undefined) {
          addProblem(cur, problem('stray-blockquote-close', { start: close, end: close + CLOSE_TAG.length }, cur.index, '</blockquote> closes no open <blockquote> in this post'));
        } else {
          const q = quoteAt(id);
          q.closed = true;
          q.contentEnd = close;
          q.span.end = close + CLOSE_TAG.length;
        }
      }
    }

    if (!handled && !blankLine(text, pos, end)) {
      lastContentEnd = end;
      sepPending = false;
    }
    pos = nl + 1;
    line++;
  }
  if (cur) finishPost(cur, sepPending ? endBeforeSep : lastContentEnd);
  return { lineStarts: lineStarts.slice(0, lineCount), posts, quotes, orphans };
}

/**
 * Duplicate and backwards floor numbers (the archive repeats blocks and re-scrapes pages). A run
 * of repeated floors (a block stored twice: the 2025 archive has files repeating 1,480 floors) is
 * one problem naming its floors and the lines they repeat, not one per post.
 */
export function checkFloors(posts: Post[], problems: ScanProblem[]): void {
  const seen = new Map<number, number>();
  let prev: Post | null = null;
  /** The repeated run being read: its first and last post, and the first posts they repeat. */
  let run: { from: Post; to: Post; firstFrom: Post; firstTo: Post } | null = null;
  const endRun = () => {
    if (!run) return;
    const { from, to, firstFrom, firstTo } = run;
    const span = { start: from.floorLine.start, end: from.floorLine.end };
    if (from === to) problems.push(problem('duplicate-floor', span, from.index, 'Floor #{0} appears again (first at line {1})', from.floor as number, firstFrom.line + 2));
    else problems.push(problem('duplicate-floor', span, from.index, 'Floors #{0}–#{1} repeat lines {2}–{3}', from.floor as number, to.floor as number, firstFrom.line + 2, firstTo.line + 2));
    run = null;
  };
  for (const p of posts) {
    if (p.floor === null) continue;
    const first = seen.get(p.floor);
    if (first !== undefined) {
      const original = posts[first];
      // The run goes on while the repeats follow the posts they repeat in order.
      if (run && original.index > run.firstTo.index) {
        run.to = p;
        run.firstTo = original;
      } else {
        endRun();
        run = { from: p, to: p, firstFrom: original, firstTo: original };
      }
    } else {
      endRun();
      seen.set(p.floor, p.index);
      if (prev && prev.floor !== null && p.floor < prev.floor) {
        problems.push(problem('backwards-floor', { start: p.floorLine.start, end: p.floorLine.end }, p.index, 'Floor #{0} comes after #{1}', p.floor, prev.floor));
      }
    }
    prev = p;
  }
  endRun();
}
