// A parsed dump: the scan result plus position helpers and lazily computed text views.
import { normalizeForMatch, parseFragment, parserIndex, plainText, scanMarkdownLinks } from './html';
import { checkFloors, scanRegion, type PostNode, type QuoteNode } from './scanner';
import type { Post, Quote, ScanProblem, Span } from './types';

export interface Position {
  line: number;
  character: number;
}

export interface QuotedText {
  /** The quoted text as a reader sees it (tags removed, entities decoded). */
  text: string;
  /** The archive cut the quote short with `...`. */
  truncated: boolean;
  /** White space removed, truncation mark removed: what resolution compares. */
  normalized: string;
}

export interface PostExtras {
  /** Markdown `[text](url)` links and `<a href>` links in the body (outside quote headers). */
  links: { span: Span; urlSpan: Span; url: string; text: string }[];
  /** `<img src>` images; `smiley` for the forum's own emoticons. */
  images: { span: Span; url: string; smiley: boolean }[];
  /** ` 本帖最后由 NAME 于 DATE 编辑 `. */
  editNote: Span | null;
  /** A client signature line (`—— 来自 …`, `----发送自 …`, …). */
  signature: Span | null;
  /** `提示: 作者被禁止或删除 内容自动屏蔽` and the other blocked / hidden notices. */
  blocked: Span | null;
}

const EDIT_MARK = '本帖最后由';
const POST_NORM_CACHE = 1024;
const BLOCKED_MARKS = ['提示: 作者被禁止或删除', '提示: 该帖被管理员或版主屏蔽', '本帖隐藏的内容需要'];
const SIGNATURE_MARKS = ['—— 来自', '----发送自', '-- 来自', '— from', '来自: ', '[论坛助手,'];

/** What an edit changed: the posts and quotes it replaced (by object), for incremental work. */
export interface DocumentEdit {
  /** Index of the first post re-scanned. */
  fromIndex: number;
  removedPosts: Post[];
  addedPosts: Post[];
  removedQuotes: Quote[];
  addedQuotes: Quote[];
  /** Offsets after the re-scanned region moved by this much. */
  delta: number;
}

export class DumpDocument {
  /** Where each line starts (a typed array: 4 bytes a line, not 8). */
  lineStarts: Int32Array;
  posts: Post[];
  quotes: Quote[];
  /**
   * The text, in pieces: `head` before the first post, then one chunk per post (from its author
   * line to the next post's). An edit replaces only the chunks it touches, so a keystroke never
   * copies the whole text; `text` joins them when someone asks for all of it.
   */
  private head: string;
  private chunks: string[];
  private joined: string | undefined;
  private size: number;
  private orphans: ScanProblem[];
  private floorProblems: ScanProblem[] | undefined;
  private allProblems: ScanProblem[] | undefined;
  /** Posts with problems of their own (few): the problem list never walks every post. */
  private problemPosts = new Set<Post>();
  /**
   * Normalised post texts, for excerpt matching: a bounded cache (quotes mostly point at recent
   * posts, so a few thousand entries hit nearly always), not a copy of every post's text.
   */
  private postNormCache = new Map<Post, string>();
  private quoteNormCache = new WeakMap<Quote, string>();
  private extrasCache = new WeakMap<Post, { at: number; extras: PostExtras }>();

  constructor(text: string) {
    const r = scanRegion({ text }, 0, text.length, 0, 0, 0);
    this.lineStarts = r.lineStarts;
    this.posts = r.posts;
    this.quotes = r.quotes;
    this.orphans = r.orphans;
    for (const p of r.posts) if (p.problems.length > 0) this.problemPosts.add(p);
    this.size = text.length;
    this.joined = text;
    const { head, chunks } = cut(text, 0, r.posts);
    this.head = head;
    this.chunks = chunks;
  }

  /** The whole text (joined on demand after edits). */
  get text(): string {
    return (this.joined ??= this.head + this.chunks.join(''));
  }

  /** The text's length, without joining it. */
  get length(): number {
    return this.size;
  }

  /** The chunk holding `offset` and where that chunk starts. */
  private chunkAt(offset: number): { chunk: string; base: number } {
    const p = this.postAt(offset);
    return p ? { chunk: this.chunks[p.index], base: p.span.start } : { chunk: this.head, base: 0 };
  }

  /** The text of one post's chunk (its author line up to the next post) and where it starts. */
  private postChunk(post: Post): { chunk: string; base: number } {
    return { chunk: this.chunks[post.index], base: post.span.start };
  }

  charCodeAt(offset: number): number {
    if (this.joined !== undefined) return this.joined.charCodeAt(offset);
    const { chunk, base } = this.chunkAt(offset);
    return chunk.charCodeAt(offset - base);
  }

  /** `text.slice(start, end)` without joining the whole text. */
  slice(start: number, end: number): string {
    if (this.joined !== undefined) return this.joined.slice(start, end);
    const a = Math.max(0, Math.min(start, this.size));
    const b = Math.max(a, Math.min(end, this.size));
    let out = '';
    let at = a;
    while (at < b) {
      const { chunk, base } = this.chunkAt(at);
      const take = chunk.slice(at - base, b - base);
      if (take.length === 0) break;
      out += take;
      at += take.length;
    }
    return out;
  }

  /** Every problem the scanner found: before the first post, in posts, and in floor numbers. */
  get problems(): ScanProblem[] {
    if (!this.allProblems) {
      if (!this.floorProblems) {
        this.floorProblems = [];
        checkFloors(this.posts, this.floorProblems);
      }
      const out = this.orphans.slice();
      const withProblems = [...this.problemPosts].sort((a, b) => a.index - b.index);
      for (const p of withProblems) for (const pr of p.problems) out.push(pr);
      for (const pr of this.floorProblems) out.push(pr);
      this.allProblems = out;
    }
    return this.allProblems;
  }

  /**
   * Replaces `[start, end)` of the text with `insert`, re-scanning only the posts the change can
   * touch: from the last post before it whose header is intact to the first post after it whose
   * header is intact. Everything after moves; objects of untouched posts and quotes are kept (so
   * their cached texts and headers stay valid). The result equals a full parse of the new text.
   */
  update(start: number, end: number, insert: string): DocumentEdit {
    const s = Math.max(0, Math.min(start, this.size));
    const e = Math.max(s, Math.min(end, this.size));
    const delta = insert.length - (e - s);
    const posts = this.posts;
    const n = posts.length;
    const ls = this.lineStarts;
    const headerEnd = (p: Post) => (p.line + 2 < ls.length ? ls[p.line + 2] : Infinity);
    // The region starts at a post whose two header lines end before the change…
    let i0 = this.postAt(s)?.index ?? -1;
    while (i0 >= 0 && !(posts[i0].hasFloorLine && headerEnd(posts[i0]) <= s)) i0--;
    // …and ends at a post whose header starts after it.
    let i1 = Math.max(i0 + 1, 0);
    while (i1 < n && !(posts[i1].hasFloorLine && posts[i1].span.start > e)) i1++;
    const startIdx = Math.max(i0, 0);
    const from = i0 >= 0 ? posts[i0].span.start : 0;
    const firstLine = i0 >= 0 ? posts[i0].line : 0;
    const oldLineEnd = i1 < n ? posts[i1].line : ls.length;
    // Quotes before the region keep their ids.
    let qStart = this.quotes.length;
    for (let i = startIdx; i < n; i++) {
      if (posts[i].quotes.length > 0) {
        qStart = posts[i].quotes[0];
        break;
      }
    }
    let qEnd = this.quotes.length;
    for (let i = i1; i < n; i++) {
      if (posts[i].quotes.length > 0) {
        qEnd = posts[i].quotes[0];
        break;
      }
    }

    // The region's new text, from its chunks only; scanned on its own, then moved to `from`.
    const oldRegion = (i0 < 0 ? this.head : '') + this.chunks.slice(startIdx, i1).join('');
    const region = oldRegion.slice(0, s - from) + insert + oldRegion.slice(e - from);
    const r = scanRegion({ text: region }, 0, region.length, firstLine, startIdx, qStart, i1 >= n);
    if (from !== 0) {
      for (let k = 0; k < r.lineStarts.length; k++) r.lineStarts[k] += from;
      for (const p of r.posts) shiftPost(p, from, 0, 0, 0);
      for (const q of r.quotes) (q as QuoteNode).shift(from);
    }
    const cutNew = cut(region, from, r.posts);
    const lineDelta = r.lineStarts.length - (oldLineEnd - firstLine);
    const indexDelta = r.posts.length - (i1 - startIdx);
    const quoteDelta = r.quotes.length - (qEnd - qStart);
    const removedPosts = posts.slice(startIdx, i1);
    const removedQuotes = this.quotes.slice(qStart, qEnd);
    // Lines, posts, quotes and chunks after the region move; in place when the counts hold
    // (a keystroke inside a post), so a 10 MiB document copies no big array.
    if (r.lineStarts.length === oldLineEnd - firstLine) {
      ls.set(r.lineStarts, firstLine);
      if (delta !== 0) for (let k = firstLine + r.lineStarts.length; k < ls.length; k++) ls[k] += delta;
    } else {
      const next = new Int32Array(ls.length + lineDelta);
      next.set(ls.subarray(0, firstLine), 0);
      next.set(r.lineStarts, firstLine);
      const tail = ls.subarray(oldLineEnd);
      const at = firstLine + r.lineStarts.length;
      for (let k = 0; k < tail.length; k++) next[at + k] = tail[k] + delta;
      this.lineStarts = next;
    }
    replaceRange(posts, startIdx, i1, r.posts);
    // Nothing after the region moves when the edit kept its length and counts (a date retyped).
    const moved = delta !== 0 || lineDelta !== 0 || indexDelta !== 0 || quoteDelta !== 0;
    if (moved) for (let k = startIdx + r.posts.length; k < posts.length; k++) shiftPost(posts[k], delta, lineDelta, indexDelta, quoteDelta);
    const quotes = this.quotes;
    replaceRange(quotes, qStart, qEnd, r.quotes);
    if (moved) for (let k = qStart + r.quotes.length; k < quotes.length; k++) {
      const q = quotes[k];
      (q as QuoteNode).shift(delta);
      if (quoteDelta !== 0 || indexDelta !== 0) {
        q.id += quoteDelta;
        q.postIndex += indexDelta;
        if (q.parent >= 0) q.parent += quoteDelta;
        for (let c = 0; c < q.children.length; c++) q.children[c] += quoteDelta;
      }
    }
    replaceRange(this.chunks, startIdx, i1, cutNew.chunks);
    for (const p of removedPosts) this.problemPosts.delete(p);
    for (const p of r.posts) if (p.problems.length > 0) this.problemPosts.add(p);
    const edit: DocumentEdit = { fromIndex: startIdx, removedPosts, addedPosts: r.posts, removedQuotes, addedQuotes: r.quotes, delta };
    if (i0 < 0) {
      this.orphans = r.orphans;
      this.head = cutNew.head;
    }
    // Floor problems only change when floors change; otherwise they move with their posts.
    if (this.floorProblems && lineDelta === 0 && sameFloors(removedPosts, r.posts)) {
      for (const pr of this.floorProblems) {
        if (pr.postIndex >= startIdx + r.posts.length) shiftSpan(pr.span, delta);
        else if (pr.postIndex >= startIdx) {
          const p = posts[pr.postIndex];
          pr.span = { start: p.floorLine.start, end: p.floorLine.end };
        }
      }
    } else this.floorProblems = undefined;
    this.size += delta;
    this.joined = undefined;
    this.allProblems = undefined;
    return edit;
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  /** The position of an offset; inside a CRLF it is the line's end (as vscode-languageserver-textdocument has it). */
  positionAt(offset: number): Position {
    let o = Math.max(0, Math.min(offset, this.size)) || 0;
    const ls = this.lineStarts;
    let lo = 0;
    let hi = ls.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (ls[mid] <= o) lo = mid;
      else hi = mid - 1;
    }
    if (lo + 1 < ls.length && o === ls[lo + 1] - 1 && o > ls[lo] && this.charCodeAt(o - 1) === 13) o--;
    return { line: lo, character: o - ls[lo] };
  }

  /**
   * The offset of a position, read as vscode-languageserver-textdocument reads it: past a line's
   * end is its end (before CR LF), past the last line is the text's end, negative is 0. Positions
   * from the wire are not trusted: a fraction is cut to its integer part, anything that is not a
   * number reads as 0 (never a NaN offset).
   */
  offsetAt(pos: Position): number {
    const line = positionIndex(pos?.line);
    if (line >= this.lineStarts.length) return this.size;
    const start = this.lineStarts[line];
    return Math.min(start + positionIndex(pos?.character), this.lineEnd(line));
  }

  /** The end offset of a line, without its line break. */
  lineEnd(line: number): number {
    const next = line + 1 < this.lineStarts.length ? this.lineStarts[line + 1] - 1 : this.size;
    return next > this.lineStarts[line] && this.charCodeAt(next - 1) === 13 ? next - 1 : next;
  }

  /** The post whose header or body holds `offset` (a post runs up to the next one's header). */
  postAt(offset: number): Post | undefined {
    const ps = this.posts;
    let lo = 0;
    let hi = ps.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (ps[mid].span.start <= offset) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found >= 0 ? ps[found] : undefined;
  }

  /** The quote whose header holds `offset`. */
  quoteHeaderAt(offset: number): Quote | undefined {
    const post = this.postAt(offset);
    if (!post) return undefined;
    for (const id of post.quotes) {
      const q = this.quotes[id];
      const h = q.header;
      if (h && h.span.start <= offset && offset <= h.span.end) return q;
      if (h && h.hrefSpan && h.hrefSpan.start <= offset && offset <= h.hrefSpan.end) return q;
    }
    return undefined;
  }

  /** The post whose author or floor line holds `offset`. */
  postHeaderAt(offset: number): Post | undefined {
    const p = this.postAt(offset);
    return p && offset <= p.floorLine.end ? p : undefined;
  }

  /**
   * A post's own text: body without its quotes and edit note, tags removed. With `limit`, only
   * the first `limit` characters of the body (markup included) are read: what a preview or a
   * label shows costs in proportion to it, not to a 50 MB post; `cut` says there was more.
   */
  postText(post: Post): string;
  postText(post: Post, limit: number): { text: string; cut: boolean };
  postText(post: Post, limit?: number): string | { text: string; cut: boolean } {
    // Not cached: only its normalised form is kept (for resolution); readers ask for few posts.
    const end = limit === undefined ? post.body.end : Math.min(post.body.end, post.body.start + limit);
    const spans: Span[] = [];
    let at = post.body.start;
    for (const id of post.quotes) {
      const q = this.quotes[id];
      if (q.depth !== 0) continue;
      if (q.span.start >= end) break;
      spans.push({ start: at, end: q.span.start });
      at = q.span.end;
    }
    if (at < end) spans.push({ start: at, end });
    const { chunk, base } = this.postChunk(post);
    const text = stripEditNote(plainText(chunk, relative(spans, base))).trim();
    return limit === undefined ? text : { text, cut: end < post.body.end };
  }

  /** The post's text normalised for comparison with quoted excerpts. */
  postNormalized(post: Post): string {
    let t = this.postNormCache.get(post);
    if (t === undefined) {
      t = normalizeForMatch(this.postText(post));
      if (this.postNormCache.size >= POST_NORM_CACHE) {
        // Drop the oldest quarter (a Map iterates in insertion order).
        let drop = POST_NORM_CACHE >> 2;
        for (const k of this.postNormCache.keys()) {
          this.postNormCache.delete(k);
          if (--drop === 0) break;
        }
      }
      this.postNormCache.set(post, t);
    }
    return t;
  }

  /** What a quote quotes: its text after the header, without inner quotes. */
  quotedText(q: Quote): QuotedText {
    {
      const { chunk, base } = this.postChunk(this.posts[q.postIndex]);
      let at = q.contentStart;
      if (q.header) {
        // The excerpt starts after the header's line. (Its end from the line table: a search
        // for the next `\n` from every quote of a long line was quadratic.)
        const hEnd = q.header.span.end;
        const hLine = this.lineOf(hEnd);
        const nl = hLine + 1 < this.lineStarts.length ? this.lineStarts[hLine + 1] - 1 : -1;
        at = nl < 0 || nl > q.contentEnd ? q.contentEnd : nl + 1;
        // Text on the header line after the header itself (rare) counts too.
        const tail = chunk.slice(hEnd - base, (nl < 0 ? q.contentEnd : Math.min(nl, q.contentEnd)) - base);
        if (tail.trim() !== '' && !tail.trim().startsWith('<')) at = hEnd;
      }
      const spans: Span[] = [];
      for (const cid of q.children) {
        const c = this.quotes[cid];
        spans.push({ start: at, end: Math.min(c.span.start, q.contentEnd) });
        at = c.span.end;
      }
      spans.push({ start: at, end: q.contentEnd });
      const text = stripEditNote(plainText(chunk, relative(spans, base))).trim();
      const truncated = /\.\.\.$/.test(text);
      return { text, truncated, normalized: normalizeForMatch(text) };
    }
  }

  /** What resolution compares: the quoted text normalised (cached per quote). */
  quotedNormalized(q: Quote): string {
    let t = this.quoteNormCache.get(q);
    if (t === undefined) {
      t = this.quotedText(q).normalized;
      this.quoteNormCache.set(q, t);
    }
    return t;
  }

  /** Links, images, edit note, signature and blocked notice of a post, computed on demand. */
  extras(post: Post): PostExtras {
    const hit = this.extrasCache.get(post);
    if (hit && hit.at === post.body.start) return hit.extras;
    // A post that moved keeps its extras, moved by as much.
    const extras = hit ? shiftExtras(hit.extras, post.body.start - hit.at) : computeExtras(this.postChunk(post), post);
    this.extrasCache.set(post, { at: post.body.start, extras });
    return extras;
  }

  /** The 0-based line of an offset. */
  lineOf(offset: number): number {
    return this.positionAt(offset).line;
  }
}

/** Spans moved to be relative to a chunk starting at `base`. */
function relative(spans: Span[], base: number): Span[] {
  return base === 0 ? spans : spans.map((sp) => ({ start: sp.start - base, end: sp.end - base }));
}

/** Cuts a text (starting at offset `base` of the document) into the head and one chunk per post. */
function cut(text: string, base: number, posts: Post[]): { head: string; chunks: string[] } {
  const chunks: string[] = [];
  const head = posts.length > 0 ? text.slice(0, posts[0].span.start - base) : text;
  for (let i = 0; i < posts.length; i++) {
    const a = posts[i].span.start - base;
    const b = i + 1 < posts.length ? posts[i + 1].span.start - base : text.length;
    chunks.push(text.slice(a, b));
  }
  return { head, chunks };
}

/**
 * ` 本帖最后由 NAME 于 DATE 编辑 ` removed. The name is bounded (`.{0,64}?`, not `.*?`): unbounded,
 * every `本帖最后由 ` re-read the rest of its line when no date followed (quadratic: a 600 KB line of
 * them took 45 s).
 */
const EDIT_NOTE = /本帖最后由 .{0,64}? 于 \d{4}-\d{1,2}-\d{1,2} \d{1,2}:\d{2}(?::\d{2})? 编辑/g;

function stripEditNote(s: string): string {
  if (s.indexOf(EDIT_MARK) < 0) return s;
  return s.replace(EDIT_NOTE, '');
}

function computeExtras(src: { chunk: string; base: number }, post: Post): PostExtras {
  const out: PostExtras = { links: [], images: [], editNote: null, signature: null, blocked: null };
  const start = post.body.start;
  const body = src.chunk.slice(start - src.base, post.body.end - src.base);
  for (const m of body.indexOf('](') >= 0 ? scanMarkdownLinks(body, false) : []) {
    if (m.image) continue;
    out.links.push({ span: { start: start + m.start, end: start + m.end }, urlSpan: { start: start + m.urlStart, end: start + m.urlStart + m.url.length }, url: m.url, text: m.text });
  }
  if (body.indexOf('<') >= 0) {
    // HTML tags: images and anchors, read by htmlparser2.
    let anchor: { start: number; urlSpan: Span; url: string; text: string } | null = null;
    parseFragment(body, {
      onopentag(name, attribs) {
        const { start: s0, end: e0 } = parserIndex();
        const at = start + s0;
        if (name === 'img' && attribs.src !== undefined) {
          const url = attribs.src;
          out.images.push({
            span: { start: at, end: Math.min(start + e0 + 1, post.body.end) },
            url,
            smiley: /static\.(saraba1st|stage1st)\.com\/image\/smiley/.test(url),
          });
        } else if (name === 'a' && attribs.href !== undefined) {
          // The href value inside this tag (searched in the tag only: a search to the end of
          // the body for every <a> without `href="` was quadratic in a long body of them).
          const tag = body.slice(s0, e0 + 1);
          const hl = tag.indexOf('href="');
          const close = hl < 0 ? -1 : tag.indexOf('"', hl + 6);
          const urlSpan = hl >= 0 ? { start: at + hl + 6, end: at + (close >= 0 ? close : hl + 6) } : { start: at, end: at };
          anchor = { start: at, urlSpan, url: attribs.href, text: '' };
        }
      },
      ontext(t) {
        if (anchor) anchor.text += t;
      },
      onclosetag(name) {
        if (name === 'a' && anchor) {
          // An <a> still open at the body's end is closed there by the parser, with an end
          // index one past the fragment: keep the span inside the body.
          const end = Math.min(start + parserIndex().end + 1, post.body.end);
          out.links.push({ span: { start: anchor.start, end }, urlSpan: anchor.urlSpan, url: anchor.url, text: anchor.text });
          anchor = null;
        }
      },
    });
  }
  out.links.sort((a, b) => a.span.start - b.span.start);
  const lineSpan = (at: number): Span => {
    // Lines end at LF or CR (CRLF, or a lone CR: a line break too).
    const ls = Math.max(body.lastIndexOf('\n', at), body.lastIndexOf('\r', at)) + 1;
    let le = body.indexOf('\n', at);
    if (le < 0) le = body.length;
    const cr = body.indexOf('\r', at);
    if (cr >= 0 && cr < le) le = cr;
    return { start: start + ls, end: start + le };
  };
  const e = body.indexOf(EDIT_MARK);
  if (e >= 0 && body.indexOf('编辑', e) >= 0) out.editNote = lineSpan(e);
  for (const mark of BLOCKED_MARKS) {
    const b = body.indexOf(mark);
    if (b >= 0) {
      out.blocked = lineSpan(b);
      break;
    }
  }
  let sig = -1;
  for (const mark of SIGNATURE_MARKS) {
    const s = body.lastIndexOf(mark);
    if (s > sig) sig = s;
  }
  if (sig >= 0) out.signature = lineSpan(sig);
  return out;
}

/** `arr.splice(from, to - from, ...items)` without spreading (items may be many). */
function replaceRange<T>(arr: T[], from: number, to: number, items: T[]): void {
  const removed = to - from;
  if (items.length === removed) {
    for (let k = 0; k < removed; k++) arr[from + k] = items[k];
    return;
  }
  const tail = arr.slice(to);
  arr.length = from;
  for (const x of items) arr.push(x);
  for (const x of tail) arr.push(x);
}

/**
 * The re-scanned posts have the floors and the lines they had: then the floor problems stand as
 * they were. (Lines too: a duplicate-floor message names the line of the first post with that
 * floor, which can move inside the region while the region's line count stays the same.)
 */
function sameFloors(a: Post[], b: Post[]): boolean {
  if (a.length !== b.length) return false;
  for (let k = 0; k < a.length; k++) if (a[k].floor !== b[k].floor || a[k].line !== b[k].line) return false;
  return true;
}

function shiftSpan(sp: Span, d: number): void {
  sp.start += d;
  sp.end += d;
}

/** Moves a post after an edit before it. */
function shiftPost(p: Post, delta: number, lineDelta: number, indexDelta: number, quoteDelta: number): void {
  shiftSpan(p.span, delta);
  (p as PostNode).shiftLines(delta);
  p.line += lineDelta;
  p.index += indexDelta;
  for (let k = 0; k < p.quotes.length; k++) p.quotes[k] += quoteDelta;
  for (const pr of p.problems) {
    shiftSpan(pr.span, delta);
    pr.postIndex += indexDelta;
  }
}

function shiftExtras(x: PostExtras, d: number): PostExtras {
  const sh = (sp: Span): Span => ({ start: sp.start + d, end: sp.end + d });
  return {
    links: x.links.map((l) => ({ ...l, span: sh(l.span), urlSpan: sh(l.urlSpan) })),
    images: x.images.map((i) => ({ ...i, span: sh(i.span) })),
    editNote: x.editNote && sh(x.editNote),
    signature: x.signature && sh(x.signature),
    blocked: x.blocked && sh(x.blocked),
  };
}

/** A line or character number from a client: its integer part, 0 when negative or not a number. */
export function positionIndex(x: unknown): number {
  return typeof x === 'number' && x > 0 ? Math.trunc(x) : 0;
}
