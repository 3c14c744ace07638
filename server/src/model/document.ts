// A parsed dump: the scan result plus position helpers and lazily computed text views.
import { normalizeForMatch, parseFragment, parserIndex, plainText } from './html';
import { checkFloors, scanRegion, type QuoteNode, type Source } from './scanner';
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
  lineStarts: number[];
  posts: Post[];
  quotes: Quote[];
  private readonly src: Source;
  private orphans: ScanProblem[];
  private floorProblems: ScanProblem[] | undefined;
  private postTextCache = new WeakMap<Post, string>();
  private postNormCache = new WeakMap<Post, string>();
  private quoteTextCache = new WeakMap<Quote, QuotedText>();
  private extrasCache = new WeakMap<Post, { at: number; extras: PostExtras }>();

  constructor(text: string) {
    this.src = { text };
    const r = scanRegion(this.src, 0, text.length, 0, 0, 0);
    this.lineStarts = r.lineStarts;
    this.posts = r.posts;
    this.quotes = r.quotes;
    this.orphans = r.orphans;
  }

  get text(): string {
    return this.src.text;
  }

  /** Every problem the scanner found: before the first post, in posts, and in floor numbers. */
  get problems(): ScanProblem[] {
    if (!this.floorProblems) {
      this.floorProblems = [];
      checkFloors(this.posts, this.floorProblems);
    }
    const out = this.orphans.slice();
    for (const p of this.posts) for (const pr of p.problems) out.push(pr);
    for (const pr of this.floorProblems) out.push(pr);
    return out;
  }

  /**
   * Replaces `[start, end)` of the text with `insert`, re-scanning only the posts the change can
   * touch: from the last post before it whose header is intact to the first post after it whose
   * header is intact. Everything after moves; objects of untouched posts and quotes are kept (so
   * their cached texts and headers stay valid). The result equals a full parse of the new text.
   */
  update(start: number, end: number, insert: string): DocumentEdit {
    const old = this.src.text;
    const s = Math.max(0, Math.min(start, old.length));
    const e = Math.max(s, Math.min(end, old.length));
    const delta = insert.length - (e - s);
    const posts = this.posts;
    const n = posts.length;
    const ls = this.lineStarts;
    const headerEnd = (p: Post) => (p.line + 2 < ls.length ? ls[p.line + 2] : Infinity);
    // The region starts at a post whose two header lines end before the change…
    let i0 = n - 1;
    {
      let lo = 0;
      let hi = n - 1;
      i0 = -1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        if (posts[mid].span.start <= s) {
          i0 = mid;
          lo = mid + 1;
        } else hi = mid - 1;
      }
      while (i0 >= 0 && !(posts[i0].hasFloorLine && headerEnd(posts[i0]) <= s)) i0--;
    }
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

    this.src.text = old.slice(0, s) + insert + old.slice(e);
    const toNew = i1 < n ? posts[i1].span.start + delta : this.src.text.length;
    const r = scanRegion(this.src, from, toNew, firstLine, startIdx, qStart);

    const lineDelta = r.lineStarts.length - (oldLineEnd - firstLine);
    const indexDelta = r.posts.length - (i1 - startIdx);
    const quoteDelta = r.quotes.length - (qEnd - qStart);
    const tailLines = ls.slice(oldLineEnd);
    for (let k = 0; k < tailLines.length; k++) tailLines[k] += delta;
    this.lineStarts = ls.slice(0, firstLine).concat(r.lineStarts, tailLines);

    const tailPosts = posts.slice(i1);
    for (const p of tailPosts) shiftPost(p, delta, lineDelta, indexDelta, quoteDelta);
    const tailQuotes = this.quotes.slice(qEnd);
    for (const q of tailQuotes) {
      (q as QuoteNode).shift(delta);
      q.id += quoteDelta;
      q.postIndex += indexDelta;
      if (q.parent >= 0) q.parent += quoteDelta;
      for (let k = 0; k < q.children.length; k++) q.children[k] += quoteDelta;
    }
    const edit: DocumentEdit = {
      fromIndex: startIdx,
      removedPosts: posts.slice(startIdx, i1),
      addedPosts: r.posts,
      removedQuotes: this.quotes.slice(qStart, qEnd),
      addedQuotes: r.quotes,
      delta,
    };
    this.posts = posts.slice(0, startIdx).concat(r.posts, tailPosts);
    this.quotes = this.quotes.slice(0, qStart).concat(r.quotes, tailQuotes);
    if (i0 < 0) this.orphans = r.orphans;
    this.floorProblems = undefined;
    return edit;
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  positionAt(offset: number): Position {
    const o = Math.max(0, Math.min(offset, this.text.length));
    const ls = this.lineStarts;
    let lo = 0;
    let hi = ls.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (ls[mid] <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: o - ls[lo] };
  }

  offsetAt(pos: Position): number {
    if (pos.line < 0) return 0;
    if (pos.line >= this.lineStarts.length) return this.text.length;
    const start = this.lineStarts[pos.line];
    const next = pos.line + 1 < this.lineStarts.length ? this.lineStarts[pos.line + 1] - 1 : this.text.length;
    return Math.max(start, Math.min(start + pos.character, next));
  }

  /** The end offset of a line, without its line break. */
  lineEnd(line: number): number {
    const next = line + 1 < this.lineStarts.length ? this.lineStarts[line + 1] - 1 : this.text.length;
    return next > this.lineStarts[line] && this.text.charCodeAt(next - 1) === 13 ? next - 1 : next;
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

  /** The innermost quote whose span holds `offset`. */
  quoteAt(offset: number): Quote | undefined {
    const post = this.postAt(offset);
    if (!post) return undefined;
    let best: Quote | undefined;
    for (const id of post.quotes) {
      const q = this.quotes[id];
      if (q.span.start <= offset && offset <= q.span.end && (!best || q.depth > best.depth)) best = q;
    }
    return best;
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

  /** A post's own text: body without its quotes and edit note, tags removed. */
  postText(post: Post): string {
    let t = this.postTextCache.get(post);
    if (t === undefined) {
      const spans: Span[] = [];
      let at = post.body.start;
      for (const id of post.quotes) {
        const q = this.quotes[id];
        if (q.depth !== 0) continue;
        spans.push({ start: at, end: q.span.start });
        at = q.span.end;
      }
      spans.push({ start: at, end: post.body.end });
      t = stripEditNote(plainText(this.text, spans)).trim();
      this.postTextCache.set(post, t);
    }
    return t;
  }

  /** The post's text normalised for comparison with quoted excerpts. */
  postNormalized(post: Post): string {
    let t = this.postNormCache.get(post);
    if (t === undefined) {
      t = normalizeForMatch(this.postText(post));
      this.postNormCache.set(post, t);
    }
    return t;
  }

  /** What a quote quotes: its text after the header, without inner quotes. */
  quotedText(q: Quote): QuotedText {
    let r = this.quoteTextCache.get(q);
    if (!r) {
      let at = q.contentStart;
      if (q.header) {
        // The excerpt starts after the header's line.
        const hEnd = q.header.span.end;
        const nl = this.text.indexOf('\n', hEnd);
        at = nl < 0 || nl > q.contentEnd ? q.contentEnd : nl + 1;
        // Text on the header line after the header itself (rare) counts too.
        const tail = this.text.slice(hEnd, nl < 0 ? q.contentEnd : Math.min(nl, q.contentEnd));
        if (tail.trim() !== '' && !tail.trim().startsWith('<')) at = hEnd;
      }
      const spans: Span[] = [];
      for (const cid of q.children) {
        const c = this.quotes[cid];
        spans.push({ start: at, end: Math.min(c.span.start, q.contentEnd) });
        at = c.span.end;
      }
      spans.push({ start: at, end: q.contentEnd });
      const text = stripEditNote(plainText(this.text, spans)).trim();
      const truncated = /\.\.\.$/.test(text);
      r = { text, truncated, normalized: normalizeForMatch(text) };
      this.quoteTextCache.set(q, r);
    }
    return r;
  }

  /** Links, images, edit note, signature and blocked notice of a post, computed on demand. */
  extras(post: Post): PostExtras {
    const hit = this.extrasCache.get(post);
    if (hit && hit.at === post.body.start) return hit.extras;
    // A post that moved keeps its extras, moved by as much.
    const extras = hit ? shiftExtras(hit.extras, post.body.start - hit.at) : computeExtras(this.text, post);
    this.extrasCache.set(post, { at: post.body.start, extras });
    return extras;
  }

  /** The 0-based line of an offset. */
  lineOf(offset: number): number {
    return this.positionAt(offset).line;
  }
}

function stripEditNote(s: string): string {
  if (s.indexOf(EDIT_MARK) < 0) return s;
  return s.replace(/本帖最后由 .*? 于 \d{4}-\d{1,2}-\d{1,2} \d{1,2}:\d{2}(?::\d{2})? 编辑/g, '');
}

const MD_LINK = /!?\[([^\]\n]*)\]\(([^)\s]+)\)/g;

function computeExtras(text: string, post: Post): PostExtras {
  const out: PostExtras = { links: [], images: [], editNote: null, signature: null, blocked: null };
  const start = post.body.start;
  const body = text.slice(start, post.body.end);
  let m: RegExpExecArray | null;
  MD_LINK.lastIndex = 0;
  while ((m = MD_LINK.exec(body))) {
    if (m[0][0] === '!') continue;
    const urlStart = start + m.index + m[1].length + 3;
    out.links.push({ span: { start: start + m.index, end: start + m.index + m[0].length }, urlSpan: { start: urlStart, end: urlStart + m[2].length }, url: m[2], text: m[1] });
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
            span: { start: at, end: start + e0 + 1 },
            url,
            smiley: /static\.(saraba1st|stage1st)\.com\/image\/smiley/.test(url),
          });
        } else if (name === 'a' && attribs.href !== undefined) {
          const h = text.indexOf('href="', at);
          const urlSpan = h >= 0 && h < start + e0 ? { start: h + 6, end: Math.max(h + 6, text.indexOf('"', h + 6)) } : { start: at, end: at };
          anchor = { start: at, urlSpan, url: attribs.href, text: '' };
        }
      },
      ontext(t) {
        if (anchor) anchor.text += t;
      },
      onclosetag(name) {
        if (name === 'a' && anchor) {
          out.links.push({ span: { start: anchor.start, end: start + parserIndex().end + 1 }, urlSpan: anchor.urlSpan, url: anchor.url, text: anchor.text });
          anchor = null;
        }
      },
    });
  }
  out.links.sort((a, b) => a.span.start - b.span.start);
  const lineSpan = (at: number): Span => {
    const ls = body.lastIndexOf('\n', at) + 1;
    let le = body.indexOf('\n', at);
    if (le < 0) le = body.length;
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

function shiftSpan(sp: Span, d: number): void {
  sp.start += d;
  sp.end += d;
}

/** Moves a post after an edit before it. */
function shiftPost(p: Post, delta: number, lineDelta: number, indexDelta: number, quoteDelta: number): void {
  shiftSpan(p.span, delta);
  shiftSpan(p.authorLine, delta);
  shiftSpan(p.authorSpan, delta);
  shiftSpan(p.floorLine, delta);
  shiftSpan(p.body, delta);
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
