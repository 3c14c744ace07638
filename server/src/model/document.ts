// A parsed dump: the scan result plus position helpers and lazily computed text views.
import { normalizeForMatch, parseFragment, parserIndex, plainText } from './html';
import { scanDump } from './scanner';
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

export class DumpDocument {
  readonly lineStarts: number[];
  readonly posts: Post[];
  readonly quotes: Quote[];
  readonly problems: ScanProblem[];
  private postTextCache = new Map<number, string>();
  private postNormCache = new Map<number, string>();
  private quoteTextCache = new Map<number, QuotedText>();
  private extrasCache = new Map<number, PostExtras>();

  constructor(readonly text: string) {
    const r = scanDump(text);
    this.lineStarts = r.lineStarts;
    this.posts = r.posts;
    this.quotes = r.quotes;
    this.problems = r.problems;
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
    let t = this.postTextCache.get(post.index);
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
      this.postTextCache.set(post.index, t);
    }
    return t;
  }

  /** The post's text normalised for comparison with quoted excerpts. */
  postNormalized(post: Post): string {
    let t = this.postNormCache.get(post.index);
    if (t === undefined) {
      t = normalizeForMatch(this.postText(post));
      this.postNormCache.set(post.index, t);
    }
    return t;
  }

  /** What a quote quotes: its text after the header, without inner quotes. */
  quotedText(q: Quote): QuotedText {
    let r = this.quoteTextCache.get(q.id);
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
      this.quoteTextCache.set(q.id, r);
    }
    return r;
  }

  /** Links, images, edit note, signature and blocked notice of a post, computed on demand. */
  extras(post: Post): PostExtras {
    let r = this.extrasCache.get(post.index);
    if (!r) {
      r = computeExtras(this.text, post);
      this.extrasCache.set(post.index, r);
    }
    return r;
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
